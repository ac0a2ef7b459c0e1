//! What changed in a generated crate's public API between two [`Surface`] listings, each
//! change marked breaking or compatible for code that uses the crate.
//!
//! Breaking: anything removed; a new argument of an operation (every parameter is a
//! positional argument, optional ones too); a new required field in a struct that requests
//! send (`new` takes it); a new value or variant of an enum that replies carry (a `match`
//! on it needs another arm); a changed type, whichever way (in Rust code that names the old
//! type stops compiling; the report says whether it narrowed or widened); reordered
//! arguments; a changed constructor of a struct that is sent; an operation that now asks
//! for credentials. Compatible: new operations, models, servers and response headers; new
//! optional fields; new required fields of replies; new values of enums that are only sent;
//! a new URL, wire name, encoding or default (code compiles and sends what the spec says).

use std::collections::BTreeSet;
use std::fmt;

use crate::surface::{Direction, Item, Kind, Surface};

/// Whether code that uses the crate keeps compiling and working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Some code that uses the crate must change.
    Breaking,
    /// Code that uses the crate keeps compiling.
    Compatible,
}

/// One change of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub impact: Impact,
    /// What kind of item.
    pub kind: Kind,
    /// Its name.
    pub key: String,
    /// What happened to it, and why it matters.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = match self.impact {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        };
        write!(f, "{impact:<10}  {} {}: {}", self.kind, self.key, self.what)
    }
}

/// The changes between two listings; `None` before when there was none to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Changes, breaking ones first, then by item.
    pub changes: Vec<Change>,
    /// Items in the new listing, when there was no old one.
    pub first_listing: Option<usize>,
}

impl Report {
    /// Compares the listing on disk (`None` when there is none yet) with the new one.
    pub fn compare(old: Option<&Surface>, new: &Surface) -> Self {
        let Some(old) = old else {
            return Self {
                changes: Vec::new(),
                first_listing: Some(new.items.len()),
            };
        };
        let mut changes = Vec::new();
        for item in &old.items {
            match new.get(item.kind, &item.key) {
                None if !owner_gone(item, new) => changes.push(removed(item)),
                Some(now) if now.value != item.value => {
                    changes.extend(changed(item, now, old, new))
                }
                _ => {}
            }
        }
        for item in &new.items {
            if old.get(item.kind, &item.key).is_none() && !owner_gone(item, old) {
                changes.push(added(item, new));
            }
        }
        changes.sort_by(|a, b| (a.impact, a.kind, &a.key).cmp(&(b.impact, b.kind, &b.key)));
        Self {
            changes,
            first_listing: None,
        }
    }

    /// How many changes break code that uses the crate.
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(items) = self.first_listing {
            return writeln!(
                f,
                "API changes: no earlier listing to compare with; {items} items listed"
            );
        }
        if self.changes.is_empty() {
            return writeln!(f, "API changes: none");
        }
        let breaking = self.breaking();
        writeln!(
            f,
            "API changes: {breaking} breaking, {} compatible",
            self.changes.len() - breaking
        )?;
        for change in &self.changes {
            writeln!(f, "  {change}")?;
        }
        Ok(())
    }
}

/// A member whose owner is not in `other` at all: the owner's own change says it.
fn owner_gone(item: &Item, other: &Surface) -> bool {
    item.kind
        .owner()
        .is_some_and(|owner| other.get(owner, item.owner_key()).is_none())
}

fn change(impact: Impact, item: &Item, what: impl Into<String>) -> Change {
    Change {
        impact,
        kind: item.kind,
        key: item.key.clone(),
        what: what.into(),
    }
}

/// The direction of the model owning `item` (or of `item` itself), from `surface`. Models
/// nothing uses count as both, the cautious choice.
fn direction(item: &Item, surface: &Surface) -> Direction {
    let direction = surface
        .get(Kind::Model, item.owner_key())
        .map(|model| Direction::from_notes(&model.notes()))
        .unwrap_or_default();
    if direction == Direction::default() {
        Direction {
            sent: true,
            received: true,
        }
    } else {
        direction
    }
}

fn removed(item: &Item) -> Change {
    let why = match item.kind {
        Kind::Server => "removed: code naming the constant no longer compiles",
        Kind::Operation => "removed: calls to it no longer compile",
        Kind::Parameter => "removed: calls that pass it no longer compile",
        Kind::Model => "removed: code naming the type no longer compiles",
        Kind::Field | Kind::Header => "removed: code reading or setting it no longer compiles",
        Kind::Value | Kind::Variant => "removed: code naming it no longer compiles",
        Kind::Returns | Kind::Error => "removed",
    };
    change(
        Impact::Breaking,
        item,
        format!("{why} (was {})", item.value),
    )
}

fn added(item: &Item, new: &Surface) -> Change {
    let optional = item.main().starts_with("Option<");
    match item.kind {
        Kind::Parameter if optional => change(
            Impact::Compatible,
            item,
            format!(
                "added as optional {}: a new setter on the request builder",
                item.main()
            ),
        ),
        Kind::Parameter => change(
            Impact::Breaking,
            item,
            format!(
                "added as required {}: the method takes one more argument",
                item.main()
            ),
        ),
        Kind::Field if optional => change(
            Impact::Compatible,
            item,
            format!("added as optional {}", item.main()),
        ),
        Kind::Field if direction(item, new).sent => change(
            Impact::Breaking,
            item,
            format!("added as required {}: `new` takes it", item.main()),
        ),
        Kind::Field => change(
            Impact::Compatible,
            item,
            format!("added as required {} of a reply", item.main()),
        ),
        Kind::Value | Kind::Variant if direction(item, new).received => change(
            Impact::Breaking,
            item,
            format!(
                "added ({}): a `match` on replies needs an arm for it",
                item.main()
            ),
        ),
        _ => change(Impact::Compatible, item, format!("added ({})", item.value)),
    }
}

fn changed(old: &Item, new: &Item, before: &Surface, after: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    match old.kind {
        Kind::Operation => operation_changed(old, new, &mut changes),
        Kind::Model => model_changed(old, new, before, after, &mut changes),
        _ => changes.push(value_changed(old, new)),
    }
    changes
}

/// What changed in an operation: its request line, the order of its arguments, its
/// credentials or its deprecation.
fn operation_changed(old: &Item, new: &Item, changes: &mut Vec<Change>) {
    let (old_notes, new_notes) = (old.notes(), new.notes());
    if old.main() != new.main() {
        changes.push(change(
            Impact::Compatible,
            new,
            format!("now sends {} (was {})", new.main(), old.main()),
        ));
    }
    let (was, now) = (arguments(&old_notes), arguments(&new_notes));
    let common: BTreeSet<&String> = was.iter().filter(|a| now.contains(a)).collect();
    let order = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|a| common.contains(a))
            .cloned()
            .collect()
    };
    if order(&was) != order(&now) {
        changes.push(change(
            Impact::Breaking,
            new,
            format!(
                "arguments reordered to ({}) (was ({}))",
                now.join(", "),
                was.join(", ")
            ),
        ));
    }
    for (prefix, why) in [("auth ", "credentials"), ("deprecated", "deprecation")] {
        note_changed(prefix, why, (&old_notes, &new_notes), new, changes);
    }
}

/// The method's arguments, from an operation's `arguments (a, b)` note.
fn arguments(notes: &[&str]) -> Vec<String> {
    let list = notes
        .iter()
        .find_map(|note| note.strip_prefix("arguments ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_default();
    list.split(", ")
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A change of the operation's note that starts with `prefix` (its credentials or its
/// deprecation); new credentials break callers that lack them.
fn note_changed(
    prefix: &str,
    why: &str,
    (old_notes, new_notes): (&[&str], &[&str]),
    new: &Item,
    changes: &mut Vec<Change>,
) {
    let note = |notes: &[&str]| {
        notes
            .iter()
            .find(|n| n.starts_with(prefix))
            .map(|n| (*n).to_owned())
    };
    let (was, now) = (note(old_notes), note(new_notes));
    if was != now {
        let impact = match (prefix, now.as_deref()) {
            ("auth ", Some(auth)) if auth != "auth none" => Impact::Breaking,
            _ => Impact::Compatible,
        };
        changes.push(change(
            impact,
            new,
            format!(
                "{why} changed to `{}` (was `{}`)",
                now.as_deref().unwrap_or("none"),
                was.as_deref().unwrap_or("none")
            ),
        ));
    }
}

/// What changed in a model: its kind, or how code builds it.
fn model_changed(
    old: &Item,
    new: &Item,
    before: &Surface,
    after: &Surface,
    changes: &mut Vec<Change>,
) {
    if old.main() != new.main() {
        changes.push(change(
            Impact::Breaking,
            new,
            format!("now {} (was {})", new.main(), old.main()),
        ));
    }
    let constructor = |item: &Item| {
        item.notes()
            .into_iter()
            .find(|note| note.starts_with("new(") || *note == "default()")
            .map(str::to_owned)
    };
    let (was, now) = (constructor(old), constructor(new));
    if was.is_some() && now.is_some() && was != now {
        let sent = direction(new, after).sent || direction(old, before).sent;
        let (impact, who) = if sent {
            (Impact::Breaking, "code that builds it")
        } else {
            (
                Impact::Compatible,
                "only code that builds replies by hand (tests, mocks)",
            )
        };
        changes.push(change(
            impact,
            new,
            format!(
                "constructor now {} (was {}); {who} must change",
                now.unwrap_or_default(),
                was.unwrap_or_default()
            ),
        ));
    }
}

/// What changed in a field, header, parameter, reply or any other item with one value.
fn value_changed(old: &Item, new: &Item) -> Change {
    if old.main() != new.main() {
        change(
            Impact::Breaking,
            new,
            format!(
                "{} from {} to {}",
                type_change(old.main(), new.main()),
                old.main(),
                new.main()
            ),
        )
    } else if old.kind == Kind::Returns || old.kind == Kind::Error {
        change(
            Impact::Breaking,
            new,
            format!(
                "now {} (was {}): the reply's type changes",
                new.value, old.value
            ),
        )
    } else {
        change(
            Impact::Compatible,
            new,
            format!("now {} (was {})", new.value, old.value),
        )
    }
}

/// How a type changed: `narrowed`, `widened`, `now optional`, ... or just `changed`.
fn type_change(old: &str, new: &str) -> &'static str {
    let inner = |ty: &str| {
        ty.strip_prefix("Option<")
            .and_then(|rest| rest.strip_suffix('>'))
            .map(str::to_owned)
    };
    if inner(new).as_deref() == Some(old) {
        return "now optional";
    }
    if inner(old).as_deref() == Some(new) {
        return "now required";
    }
    let (old, new) = (
        inner(old).unwrap_or_else(|| old.to_owned()),
        inner(new).unwrap_or_else(|| new.to_owned()),
    );
    const WIDER: &[(&str, &str)] = &[
        ("i32", "i64"),
        ("f32", "f64"),
        ("i32", "f64"),
        ("i64", "f64"),
    ];
    match (old.as_str(), new.as_str()) {
        ("Secret", "String") => return "no longer secret (`Debug` shows it)",
        ("String", "Secret") => return "now secret",
        _ => {}
    }
    let any = "serde_json::Value";
    if WIDER.contains(&(old.as_str(), new.as_str())) || (new == any && old != any) {
        "widened"
    } else if WIDER.contains(&(new.as_str(), old.as_str())) || (old == any && new != any) {
        "narrowed"
    } else if old == "String" && new != "String" && !new.contains('<') {
        // Free text became a type of its own (an enum, a secret): fewer values fit.
        "narrowed"
    } else {
        "changed"
    }
}

#[cfg(test)]
mod tests {
    // Each test spells out its own edit of the listing, so tests look alike but read alone.
    use super::*;

    const BASE: &str = "\
server APP: https://app.example.test
operation create_pet: POST https://app.example.test/pets; arguments (trace, body); auth none
parameter create_pet.trace: Option<String>; header \"X-Trace\"
parameter create_pet.body: NewPet; body json
returns create_pet: Pet
error create_pet: ()
model NewPet: struct; sent; new(name)
field NewPet.name: String
field NewPet.size: Option<i64>
model Pet: struct; received; new(id)
field Pet.id: i64
field Pet.nickname: Option<String>
model Status: enum; received
value Status.Active: \"active\"
model Color: enum; sent
value Color.Red: \"red\"
";

    fn report(edit: impl Fn(String) -> String) -> Report {
        let old = Surface::parse(BASE);
        let new = Surface::parse(&edit(BASE.to_owned()));
        Report::compare(Some(&old), &new)
    }

    fn only(report: &Report) -> String {
        assert_eq!(report.changes.len(), 1, "{report}");
        report.changes[0].to_string()
    }

    #[test]
    fn no_change_reports_none() {
        let report = report(|text| text);
        assert_eq!(report.to_string(), "API changes: none\n");
        assert_eq!(report.breaking(), 0);
    }

    #[test]
    fn removed_reply_field_is_breaking() {
        let report = report(|text| text.replace("field Pet.nickname: Option<String>\n", ""));
        assert_eq!(
            only(&report),
            "breaking    field Pet.nickname: removed: code reading or setting it no longer compiles (was Option<String>)"
        );
    }

    #[test]
    fn new_required_request_field_is_breaking_and_its_constructor_too() {
        let report = report(|text| {
            text.replace(
                "field NewPet.name: String\n",
                "field NewPet.name: String\nfield NewPet.owner: String\n",
            )
            .replace("new(name)", "new(name, owner)")
        });
        assert_eq!(report.breaking(), 2, "{report}");
        assert!(
            report
                .to_string()
                .contains("field NewPet.owner: added as required String: `new` takes it")
        );
        assert!(report.to_string().contains("model NewPet: constructor now new(name, owner) (was new(name)); code that builds it must change"));
    }

    #[test]
    fn new_required_reply_field_is_compatible() {
        let report = report(|text| {
            text.replace(
                "field Pet.id: i64\n",
                "field Pet.id: i64\nfield Pet.born: String\n",
            )
        });
        assert_eq!(
            only(&report),
            "compatible  field Pet.born: added as required String of a reply"
        );
    }

    #[test]
    fn new_optional_field_is_compatible() {
        let report = report(|text| {
            text.replace(
                "field NewPet.name: String\n",
                "field NewPet.name: String\nfield NewPet.tag: Option<String>\n",
            )
        });
        assert_eq!(
            only(&report),
            "compatible  field NewPet.tag: added as optional Option<String>"
        );
    }

    #[test]
    fn new_operation_is_compatible_and_its_members_are_not_listed() {
        let report = report(|text| {
            format!(
                "{text}operation list_pets: GET https://app.example.test/pets; arguments (limit); auth bearer\nparameter list_pets.limit: Option<i32>; query \"limit\"\nreturns list_pets: Vec<Pet>\nerror list_pets: ()\n"
            )
        });
        assert_eq!(
            only(&report),
            "compatible  operation list_pets: added (GET https://app.example.test/pets; arguments (limit); auth bearer)"
        );
    }

    #[test]
    fn removed_operation_is_breaking() {
        let report = report(|text| {
            text.lines()
                .filter(|line| !line.contains("create_pet"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
        assert_eq!(report.breaking(), 1, "{report}");
        assert!(report.to_string().contains("operation create_pet: removed"));
    }

    #[test]
    fn new_optional_parameter_is_compatible_and_new_required_one_breaking() {
        let optional = report(|text| {
            text.replace(
                "returns create_pet",
                "parameter create_pet.dry_run: Option<bool>; query \"dry_run\"\nreturns create_pet",
            )
        });
        assert_eq!(
            only(&optional),
            "compatible  parameter create_pet.dry_run: added as optional Option<bool>: a new setter on the request builder"
        );
        let required = report(|text| {
            text.replace(
                "arguments (trace, body)",
                "arguments (trace, dry_run, body)",
            )
            .replace(
                "returns create_pet",
                "parameter create_pet.dry_run: bool; query \"dry_run\"\nreturns create_pet",
            )
        });
        assert!(
            required
                .to_string()
                .contains("breaking    parameter create_pet.dry_run: added as required bool: the method takes one more argument"),
            "{required}"
        );
    }

    #[test]
    fn narrowed_and_widened_types_are_breaking() {
        let narrowed = report(|text| text.replace("field Pet.id: i64", "field Pet.id: i32"));
        assert_eq!(
            only(&narrowed),
            "breaking    field Pet.id: narrowed from i64 to i32"
        );
        let enum_now =
            report(|text| text.replace("field NewPet.name: String", "field NewPet.name: Name"));
        assert_eq!(
            only(&enum_now),
            "breaking    field NewPet.name: narrowed from String to Name"
        );
        let widened = report(|text| {
            text.replace(
                "field NewPet.size: Option<i64>",
                "field NewPet.size: Option<f64>",
            )
        });
        assert_eq!(
            only(&widened),
            "breaking    field NewPet.size: widened from Option<i64> to Option<f64>"
        );
        let required = report(|text| {
            text.replace(
                "field Pet.nickname: Option<String>",
                "field Pet.nickname: String",
            )
        });
        assert_eq!(
            only(&required),
            "breaking    field Pet.nickname: now required from Option<String> to String"
        );
    }

    #[test]
    fn enum_values_break_replies_but_not_requests() {
        let reply = report(|text| format!("{text}value Status.Gone: \"gone\"\n"));
        assert_eq!(
            only(&reply),
            "breaking    value Status.Gone: added (\"gone\"): a `match` on replies needs an arm for it"
        );
        let request = report(|text| format!("{text}value Color.Blue: \"blue\"\n"));
        assert_eq!(
            only(&request),
            "compatible  value Color.Blue: added (\"blue\")"
        );
        let removed = report(|text| text.replace("value Color.Red: \"red\"\n", ""));
        assert!(only(&removed).starts_with("breaking    value Color.Red: removed"));
    }

    #[test]
    fn new_url_default_or_wire_name_is_compatible() {
        let moved = report(|text| {
            text.replace(
                "POST https://app.example.test/pets;",
                "POST https://app.example.test/v2/pets;",
            )
        });
        assert_eq!(
            only(&moved),
            "compatible  operation create_pet: now sends POST https://app.example.test/v2/pets (was POST https://app.example.test/pets)"
        );
        let renamed = report(|text| text.replace("\"X-Trace\"", "\"X-Trace-Id\""));
        assert_eq!(
            only(&renamed),
            "compatible  parameter create_pet.trace: now Option<String>; header \"X-Trace-Id\" (was Option<String>; header \"X-Trace\")"
        );
    }

    #[test]
    fn reordered_arguments_and_new_credentials_are_breaking() {
        let reordered =
            report(|text| text.replace("arguments (trace, body)", "arguments (body, trace)"));
        assert!(
            only(&reordered).starts_with("breaking    operation create_pet: arguments reordered")
        );
        let secured = report(|text| text.replace("auth none", "auth bearer"));
        assert_eq!(
            only(&secured),
            "breaking    operation create_pet: credentials changed to `auth bearer` (was `auth none`)"
        );
    }

    #[test]
    fn a_first_listing_has_nothing_to_compare() {
        let new = Surface::parse(BASE);
        let report = Report::compare(None, &new);
        assert_eq!(
            report.to_string(),
            format!(
                "API changes: no earlier listing to compare with; {} items listed\n",
                new.items.len()
            )
        );
    }
}
