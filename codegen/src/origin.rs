//! Where each node of a document came from once overlays have changed it: the spec, or an
//! overlay's action. Errors found later name a pointer into the changed document; this maps
//! it back to a file and a pointer into that file's text, so the line is the right one.
//!
//! Only changes are recorded: a node without an entry of its own came from where its parent
//! came from, one token further. Removing an array item shifts the items after it, so their
//! origins are written down before the shift.

use std::collections::BTreeMap;

use crate::diagnostic::Pointer;

/// A file and a pointer into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Which file: 0 is the spec, `n` the `n`th overlay.
    pub file: usize,
    /// The node in that file's own document.
    pub pointer: Pointer,
}

/// The origins of a document's nodes, changed in step with the document.
#[derive(Debug, Clone)]
pub struct Origins {
    root: Node,
}

#[derive(Debug, Clone, Default)]
struct Node {
    origin: Option<Origin>,
    /// Children by reference token (array indices in decimal).
    children: BTreeMap<String, Node>,
}

impl Default for Origins {
    fn default() -> Self {
        Self::new()
    }
}

impl Origins {
    /// Every node comes from the spec, where it is now.
    pub fn new() -> Self {
        Self {
            root: Node {
                origin: Some(Origin {
                    file: 0,
                    pointer: Pointer::root(),
                }),
                children: BTreeMap::new(),
            },
        }
    }

    /// Where the node at `path` came from (or the deepest recorded ancestor, extended by the
    /// rest of `path`).
    pub fn origin(&self, path: &[String]) -> Origin {
        let mut node = &self.root;
        let mut found = node.origin.clone().unwrap_or(Origin {
            file: 0,
            pointer: Pointer::root(),
        });
        let mut rest_from = 0;
        for (depth, token) in path.iter().enumerate() {
            let Some(child) = node.children.get(token) else {
                break;
            };
            node = child;
            if let Some(origin) = &node.origin {
                found = origin.clone();
                rest_from = depth + 1;
            }
        }
        let pointer = path[rest_from..]
            .iter()
            .fold(found.pointer, |pointer, token| pointer.join(token));
        Origin {
            file: found.file,
            pointer,
        }
    }

    /// Records that the node at `path` (and all below it) now comes from `origin`.
    pub fn set(&mut self, path: &[String], origin: Origin) {
        let node = self.node_mut(path);
        node.origin = Some(origin);
        node.children.clear();
    }

    /// Forgets the node at `path`, which was removed. `array_len` is the length of its parent
    /// array before the removal, when the parent is an array: the later items move up one.
    pub fn remove(&mut self, path: &[String], array_len: Option<usize>) {
        let Some((last, parent_path)) = path.split_last() else {
            return;
        };
        let index = match (array_len, last.parse::<usize>()) {
            (Some(len), Ok(index)) => Some((index, len)),
            _ => None,
        };
        // Origins of the items that move, taken before anything changes.
        let moved: Vec<(usize, Origin)> = index
            .map(|(index, len)| {
                (index + 1..len)
                    .map(|later| {
                        let mut item = parent_path.to_vec();
                        item.push(later.to_string());
                        (later, self.origin(&item))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let parent = self.node_mut(parent_path);
        let removed = parent.children.remove(last);
        match index {
            None => drop(removed),
            Some(_) => {
                for (later, origin) in moved {
                    let mut node = parent
                        .children
                        .remove(&later.to_string())
                        .unwrap_or_default();
                    node.origin = Some(origin);
                    parent.children.insert((later - 1).to_string(), node);
                }
            }
        }
    }

    fn node_mut(&mut self, path: &[String]) -> &mut Node {
        path.iter().fold(&mut self.root, |node, token| {
            node.children.entry(token.clone()).or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(tokens: &[&str]) -> Vec<String> {
        tokens.iter().map(|token| (*token).to_owned()).collect()
    }

    fn at(pointer: &str) -> Pointer {
        Pointer::from_ref(pointer).unwrap()
    }

    #[test]
    fn unchanged_nodes_come_from_the_spec_where_they_are() {
        let origins = Origins::new();
        assert_eq!(
            origins.origin(&path(&["paths", "/a", "get"])),
            Origin {
                file: 0,
                pointer: at("#/paths/~1a/get")
            }
        );
    }

    #[test]
    fn nodes_an_overlay_wrote_come_from_it() {
        let mut origins = Origins::new();
        let written = Origin {
            file: 1,
            pointer: at("#/actions/0/update"),
        };
        origins.set(&path(&["info", "x-note"]), written);
        assert_eq!(
            origins.origin(&path(&["info", "x-note", "text"])).pointer,
            at("#/actions/0/update/text")
        );
        assert_eq!(origins.origin(&path(&["info", "title"])).file, 0);
    }

    #[test]
    fn removing_an_item_shifts_the_origins_of_later_ones() {
        let mut origins = Origins::new();
        let items = path(&["tags"]);
        origins.remove(&path(&["tags", "0"]), Some(3));
        assert_eq!(
            origins
                .origin(&[items.clone(), path(&["0", "name"])].concat())
                .pointer,
            at("#/tags/1/name")
        );
        assert_eq!(
            origins.origin(&[items, path(&["1"])].concat()).pointer,
            at("#/tags/2")
        );
    }
}
