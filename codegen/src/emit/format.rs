//! Emitted tokens -> Rust text. prettyplease leaves all items adjacent, so each item (and
//! each item of an `impl`, `trait` or inline `mod`) is formatted on its own and the texts are
//! joined, a blank line between two items unless [`keeps_together`] says otherwise: blank
//! lines come only between items, never inside a body. A file may be formatted in pieces, on
//! several threads, and joined by [`render`]; the text is the same as when formatted whole.

use proc_macro2::TokenStream;

use super::doc_attrs;

/// One piece of a file, formatted: plain text, so it can be made on one thread and joined
/// on another.
pub struct Formatted {
    /// Inner doc comments, then the other inner attributes: one text for each group.
    attrs: Vec<String>,
    items: Vec<(Shape, Text)>,
}

/// An item's text.
enum Text {
    /// Formatted whole.
    Whole(String),
    /// A braced item whose children are spaced like a file's items: the text up to its
    /// opening brace, and each child's text.
    Container {
        head: String,
        children: Vec<(Shape, String)>,
    },
}

impl Text {
    fn len(&self) -> usize {
        match self {
            Text::Whole(text) => text.len(),
            Text::Container { head, children } => {
                head.len()
                    + 3
                    + children
                        .iter()
                        .map(|(_, text)| text.len() + 1)
                        .sum::<usize>()
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Text::Whole(text) => out.push_str(text),
            Text::Container { head, children } => {
                out.push_str(head);
                out.push_str("{\n");
                join(out, children, |out, text| out.push_str(text));
                out.push_str("}\n");
            }
        }
    }
}

/// Formats emitted tokens as a Rust file.
#[cfg(test)]
pub fn format(tokens: TokenStream) -> String {
    render("", vec![(format_piece(&|| tokens.clone()), false)])
}

/// Formats the tokens `make` returns. Only a bug in an emitter makes tokens that do not
/// parse; they are made again then, so that the compiler names the fault (keeping a copy
/// would copy every token of every file).
pub fn format_piece(make: &dyn Fn() -> TokenStream) -> Formatted {
    let (tokens, docs) = doc_attrs::deferred(make);
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => Formatted::of_file(file).with_docs(&docs),
        Err(error) => Formatted {
            attrs: Vec::new(),
            items: vec![(
                Shape::other(),
                Text::Whole(format!(
                    "compile_error!({:?});\n{}\n",
                    error.to_string(),
                    make()
                )),
            )],
        },
    }
}

/// `first` and a file's pieces joined in order. A piece marked as continuing adds the
/// children of its first item to the last item of the piece before, when both are containers
/// with the same head: a long `impl` is formatted in runs of methods and written as one block.
pub fn render(first: &str, pieces: Vec<(Formatted, bool)>) -> String {
    let mut attrs = Vec::new();
    let mut items: Vec<(Shape, Text)> = Vec::new();
    for (piece, continues) in pieces {
        attrs.extend(piece.attrs);
        let mut rest = piece.items.into_iter();
        if continues {
            if let Some(first) = rest.next() {
                merge_or_push(&mut items, first);
            }
        }
        items.extend(rest);
    }
    // Written once into a string of the final size: the largest files are megabytes.
    let size = first.len()
        + attrs.iter().map(|attr| attr.len() + 1).sum::<usize>()
        + items.iter().map(|(_, text)| text.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size);
    out.push_str(first);
    for (index, attr) in attrs.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(attr);
    }
    if !items.is_empty() {
        if !attrs.is_empty() {
            out.push('\n');
        }
        join(&mut out, &items, |out, text| text.write(out));
    }
    out
}

/// Adds `item`'s children to the last of `items` when both are containers with one head,
/// else adds `item` after it.
fn merge_or_push(items: &mut Vec<(Shape, Text)>, item: (Shape, Text)) {
    if let (Some((_, Text::Container { head, children })), (_, Text::Container { head: next, .. })) =
        (items.last_mut(), &item)
        && head == next
    {
        if let (_, Text::Container { children: more, .. }) = item {
            children.extend(more);
        }
        return;
    }
    items.push(item);
}

impl Formatted {
    /// The text with the doc blocks written in place of their placeholders.
    fn with_docs(self, docs: &[Vec<String>]) -> Self {
        if docs.is_empty() {
            return self;
        }
        let expand = |text: String| doc_attrs::expand(text, docs);
        Self {
            attrs: self.attrs.into_iter().map(expand).collect(),
            items: self
                .items
                .into_iter()
                .map(|(shape, text)| {
                    let text = match text {
                        Text::Whole(text) => Text::Whole(expand(text)),
                        Text::Container { head, children } => Text::Container {
                            head: expand(head),
                            children: children
                                .into_iter()
                                .map(|(shape, text)| (shape, expand(text)))
                                .collect(),
                        },
                    };
                    (shape, text)
                })
                .collect(),
        }
    }

    fn of_file(file: syn::File) -> Self {
        // Inner doc comments, then the other inner attributes: a blank line between.
        let (docs, others): (Vec<_>, Vec<_>) = file
            .attrs
            .into_iter()
            .partition(|attr| attr.path().is_ident("doc"));
        let attrs = [docs, others]
            .into_iter()
            .filter(|attrs| !attrs.is_empty())
            .map(|attrs| {
                let text = unparse(&syn::File {
                    shebang: None,
                    frontmatter: None,
                    attrs,
                    items: Vec::new(),
                });
                format!("{}\n", text.trim_end())
            })
            .collect();
        let items = file
            .items
            .into_iter()
            .map(|item| (Shape::of_item(&item), format_item(item)))
            .collect();
        Self { attrs, items }
    }
}

/// `items` written in order, with a blank line wherever two neighbours do not stay together.
fn join<T>(out: &mut String, items: &[(Shape, T)], write: impl Fn(&mut String, &T)) {
    for (index, (shape, text)) in items.iter().enumerate() {
        if index > 0 && !keeps_together(&items[index - 1].0, shape) {
            out.push('\n');
        }
        write(out, text);
    }
}

/// What the spacing between two items depends on.
#[derive(Clone, Copy)]
struct Shape {
    /// `use`, `mod` without a body, or anything else.
    kind: ItemKind,
    /// Whether the item carries a doc comment.
    documented: bool,
    /// Whether the item has a body in braces (a function, a struct with fields, an `impl`).
    braced: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Use,
    ModDeclaration,
    Other,
}

impl Shape {
    fn of_item(item: &syn::Item) -> Self {
        let (kind, braced) = match item {
            syn::Item::Use(_) => (ItemKind::Use, false),
            syn::Item::Mod(module) => (ItemKind::ModDeclaration, module.content.is_some()),
            syn::Item::Const(_) | syn::Item::Static(_) | syn::Item::Type(_) => {
                (ItemKind::Other, false)
            }
            syn::Item::Struct(item) => (
                ItemKind::Other,
                matches!(item.fields, syn::Fields::Named(_)),
            ),
            syn::Item::Macro(item) => (ItemKind::Other, item.semi_token.is_none()),
            _ => (ItemKind::Other, true),
        };
        Self {
            kind,
            documented: item_attrs(item).is_some_and(|attrs| has_doc(attrs)),
            braced,
        }
    }

    fn of_impl_item(item: &syn::ImplItem) -> Self {
        let (attrs, braced) = match item {
            syn::ImplItem::Const(item) => (&item.attrs, false),
            syn::ImplItem::Type(item) => (&item.attrs, false),
            syn::ImplItem::Fn(item) => (&item.attrs, true),
            syn::ImplItem::Macro(item) => (&item.attrs, item.semi_token.is_none()),
            _ => return Self::other(),
        };
        Self {
            kind: ItemKind::Other,
            documented: has_doc(attrs),
            braced,
        }
    }

    fn of_trait_item(item: &syn::TraitItem) -> Self {
        let (attrs, braced) = match item {
            syn::TraitItem::Const(item) => (&item.attrs, false),
            syn::TraitItem::Type(item) => (&item.attrs, false),
            syn::TraitItem::Fn(item) => (&item.attrs, item.default.is_some()),
            syn::TraitItem::Macro(item) => (&item.attrs, item.semi_token.is_none()),
            _ => return Self::other(),
        };
        Self {
            kind: ItemKind::Other,
            documented: has_doc(attrs),
            braced,
        }
    }

    fn other() -> Self {
        Self {
            kind: ItemKind::Other,
            documented: false,
            braced: true,
        }
    }
}

/// Items without a body stay together with the next item of their kind unless it has a
/// doc comment: a run of `use`s, of `mod` declarations, of undocumented constants, or an
/// `impl`'s associated types and the method after them.
fn keeps_together(previous: &Shape, next: &Shape) -> bool {
    !previous.braced && !next.documented && previous.kind == next.kind
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc"))
}

fn item_attrs(item: &syn::Item) -> Option<&Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => return None,
    })
}

/// One item, formatted; an `impl`, `trait` or inline `mod` has its own items spaced. Items
/// are moved, never copied: the largest files hold megabytes of syntax trees.
fn format_item(item: syn::Item) -> Text {
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![item],
    };
    match &file.items[0] {
        syn::Item::Impl(_) => format_container(file, impl_items, Shape::of_impl_item),
        syn::Item::Trait(_) => format_container(file, trait_items, Shape::of_trait_item),
        syn::Item::Mod(_) => format_container(file, mod_items, Shape::of_item),
        _ => Text::Whole(unparse(&file)),
    }
}

fn impl_items(item: &mut syn::Item) -> Option<&mut Vec<syn::ImplItem>> {
    match item {
        syn::Item::Impl(block) => Some(&mut block.items),
        _ => None,
    }
}

fn trait_items(item: &mut syn::Item) -> Option<&mut Vec<syn::TraitItem>> {
    match item {
        syn::Item::Trait(block) => Some(&mut block.items),
        _ => None,
    }
}

fn mod_items(item: &mut syn::Item) -> Option<&mut Vec<syn::Item>> {
    match item {
        syn::Item::Mod(module) => module.content.as_mut().map(|(_, items)| items),
        _ => None,
    }
}

/// Formats a braced item whose children are spaced like a file's items. Each child is put
/// alone into the emptied container and formatted there, so it is indented and wrapped as it
/// would be in place, then taken back. When the texts do not share the empty container's head
/// (a prettyplease change this function does not know), the item is formatted whole.
fn format_container<T>(
    mut file: syn::File,
    children_of: fn(&mut syn::Item) -> Option<&mut Vec<T>>,
    shape: fn(&T) -> Shape,
) -> Text {
    let children = match children_in(&mut file, children_of) {
        Some(children) if !children.is_empty() => std::mem::take(children),
        _ => return Text::Whole(unparse(&file)),
    };
    let empty = unparse(&file);
    let head = empty.strip_suffix("{}\n");
    let mut texts = Vec::with_capacity(children.len());
    let mut taken_back = Vec::with_capacity(children.len());
    for child in children {
        let child_shape = shape(&child);
        let alone = match children_in(&mut file, children_of) {
            Some(place) => {
                place.push(child);
                let text = unparse(&file);
                taken_back.extend(children_in(&mut file, children_of).and_then(Vec::pop));
                text
            }
            None => {
                taken_back.push(child);
                String::new()
            }
        };
        let body = head.and_then(|head| {
            alone
                .strip_prefix(head)?
                .strip_prefix("{\n")?
                .strip_suffix("}\n")
        });
        texts.push(body.map(|body| (child_shape, body.to_owned())));
    }
    match (head, texts.into_iter().collect::<Option<Vec<_>>>()) {
        (Some(head), Some(children)) => Text::Container {
            head: head.to_owned(),
            children,
        },
        _ => {
            if let Some(place) = children_in(&mut file, children_of) {
                *place = taken_back;
            }
            Text::Whole(unparse(&file))
        }
    }
}

/// The children of a file's only item.
fn children_in<T>(
    file: &mut syn::File,
    children_of: fn(&mut syn::Item) -> Option<&mut Vec<T>>,
) -> Option<&mut Vec<T>> {
    file.items.first_mut().and_then(children_of)
}

fn unparse(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::format;

    #[test]
    fn blank_lines_separate_items_and_never_split_a_body() {
        let code = format(quote! {
            //! A module.
            #![deny(missing_docs)]
            use a::b;
            use c::d;
            mod e;
            /// A constant.
            pub const X: &str = "x";
            pub const Y: &str = "y";
            /// A type.
            pub struct S {
                /// A field.
                pub f: u8,
            }
            impl S {
                type T = u8;
                fn g(&self) {
                    if true {
                        h();
                    }
                    h();
                }
                /// Documented.
                fn i() {}
            }
        });
        let expected = "//! A module.\n\n#![deny(missing_docs)]\n\nuse a::b;\nuse c::d;\n\nmod e;\n\n\
            /// A constant.\npub const X: &str = \"x\";\npub const Y: &str = \"y\";\n\n\
            /// A type.\npub struct S {\n    /// A field.\n    pub f: u8,\n}\n\n\
            impl S {\n    type T = u8;\n    fn g(&self) {\n        if true {\n            h();\n        }\n        h();\n    }\n\n\
            \x20   /// Documented.\n    fn i() {}\n}\n";
        assert_eq!(code, expected);
    }
}
