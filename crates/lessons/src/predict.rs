//! Predict first: what a step asks the learner to foresee (which objects the next change removes or creates), the objects they choose among, and the judgement computed from the events that really happened.

use crate::names::ObjectRef;
use crate::read::{At, Read};
use crate::text::Text;
use model::{Event, LogEntry, World};

/// The kind of object a prediction is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choose {
    ServicePrincipals,
    Resources,
    Identities,
    Groups,
    Apps,
}

const CHOOSE: [(&str, Choose); 5] = [
    ("service_principals", Choose::ServicePrincipals),
    ("resources", Choose::Resources),
    ("identities", Choose::Identities),
    ("groups", Choose::Groups),
    ("apps", Choose::Apps),
];

impl Choose {
    /// The lesson file's word for it.
    pub fn key(self) -> &'static str {
        CHOOSE
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |(key, _)| key)
    }
}

/// Whether the prediction is about what disappears or what appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judge {
    Removed,
    Created,
}

/// A step's question, asked before the learner acts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    pub question: Text,
    pub choose: Choose,
    pub judge: Judge,
    /// Objects offered besides those in the world (what a change could create).
    pub options: Vec<Candidate>,
}

/// An object the learner can pick: its name, its kind in a word (a service principal's type,
/// a resource's kind key such as `vm`), and where it is (a resource's or identity's group).
/// Compared case-insensitively, as Azure compares names.
#[derive(Clone, Debug, Eq)]
pub struct Candidate {
    pub name: String,
    pub kind: String,
    pub place: String,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.name.eq_ignore_ascii_case(&other.name)
            && self.kind.eq_ignore_ascii_case(&other.kind)
            && self.place.eq_ignore_ascii_case(&other.place)
    }
}

impl Candidate {
    pub fn new(name: &str, kind: &str, place: &str) -> Candidate {
        Candidate {
            name: name.to_string(),
            kind: kind.to_string(),
            place: place.to_string(),
        }
    }

    /// `vm1 (ManagedIdentity)`, `vm1 (vm in rg1)`: a plain-text label.
    pub fn label(&self) -> String {
        match (self.kind.is_empty(), self.place.is_empty()) {
            (true, _) => self.name.clone(),
            (false, true) => format!("{} ({})", self.name, self.kind),
            (false, false) => format!("{} ({} in {})", self.name, self.kind, self.place),
        }
    }
}

impl Candidate {
    /// The short text form a prediction is stored as: `kind/place/name`. Kinds and places never
    /// hold a `/`, so the name may.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.kind, self.place, self.name)
    }

    /// The candidate of a key; `None` for text that is not one.
    pub fn from_key(key: &str) -> Option<Candidate> {
        let mut parts = key.splitn(3, '/');
        let (kind, place, name) = (parts.next()?, parts.next()?, parts.next()?);
        (!name.is_empty()).then(|| Candidate::new(name, kind, place))
    }
}

/// One line of a prediction's judgement: an object the learner chose or that the change touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub candidate: Candidate,
    /// The learner ticked it.
    pub chosen: bool,
    /// The change removed (or created) it.
    pub happened: bool,
    /// The explanation of the event that touched it; empty when nothing did.
    pub why: String,
}

impl Verdict {
    /// Whether the learner was right about this object.
    pub fn right(&self) -> bool {
        self.chosen == self.happened
    }
}

fn group_in_id(id: &str) -> &str {
    let mut parts = id.split('/');
    while let Some(part) = parts.next() {
        if part.eq_ignore_ascii_case("resourceGroups") {
            return parts.next().unwrap_or_default();
        }
    }
    ""
}

/// The candidate an event removes (`Judge::Removed`) or creates, if it is of the kind chosen.
fn touched(event: &Event, choose: Choose, judge: Judge) -> Option<Candidate> {
    use Event::*;
    Some(match (choose, judge, event) {
        (
            Choose::ServicePrincipals,
            Judge::Removed,
            ServicePrincipalDeleted {
                display_name,
                type_name,
                ..
            },
        ) => Candidate::new(display_name, type_name, ""),
        (Choose::ServicePrincipals, Judge::Created, ServicePrincipalCreated { principal }) => {
            Candidate::new(&principal.display_name, principal.type_name(), "")
        }
        (Choose::Resources, Judge::Removed, ResourceDeleted { kind, id, name, .. }) => {
            Candidate::new(name, kind.word(), group_in_id(id))
        }
        (Choose::Resources, Judge::Created, ResourceCreated { resource }) => {
            Candidate::new(&resource.name, resource.kind.word(), &resource.group)
        }
        (Choose::Identities, Judge::Removed, UserIdentityDeleted { id, name, .. }) => {
            Candidate::new(name, "identity", group_in_id(id))
        }
        (Choose::Identities, Judge::Created, UserIdentityCreated { identity }) => {
            Candidate::new(&identity.name, "identity", &identity.group)
        }
        (Choose::Groups, Judge::Removed, ResourceGroupDeleted { name, .. }) => {
            Candidate::new(name, "", "")
        }
        (Choose::Groups, Judge::Created, ResourceGroupCreated { group }) => {
            Candidate::new(&group.name, "", "")
        }
        (Choose::Apps, Judge::Removed, ApplicationDeleted { display_name, .. }) => {
            Candidate::new(display_name, "", "")
        }
        (Choose::Apps, Judge::Created, ApplicationCreated { application }) => {
            Candidate::new(&application.display_name, "", "")
        }
        _ => return None,
    })
}

impl Predict {
    pub(crate) fn read(at: &At<'_>, value: &model::Value) -> Read<Predict> {
        let fields = at.object(value, &["question", "choose", "judge", "options"])?;
        let question = at.field("question").text(fields.need(
            at,
            "question",
            "what the learner is asked before acting",
        )?)?;
        let choose_at = at.field("choose");
        let choose = choose_at.string(fields.need(
            at,
            "choose",
            "what kind of objects the learner chooses among",
        )?)?;
        let Some((_, choose)) = CHOOSE.iter().find(|(key, _)| *key == choose) else {
            let known: Vec<&str> = CHOOSE.iter().map(|(key, _)| *key).collect();
            return choose_at.invalid(format!(
                "unknown kind '{choose}': one of {}",
                known.join(", ")
            ));
        };
        let judge_at = at.field("judge");
        let judge = match judge_at
            .string(fields.need(
                at,
                "judge",
                "'removed' or 'created': what the next change is judged by",
            )?)?
            .as_str()
        {
            "removed" => Judge::Removed,
            "created" => Judge::Created,
            other => {
                return judge_at.invalid(format!("unknown judgement '{other}': removed or created"))
            }
        };
        let options = match fields.get("options") {
            Some(list) => at.field("options").list(list, false, |at, option| {
                let object = ObjectRef::read(at, option, crate::names::Accept::Any)?;
                match candidate_of(&object, *choose) {
                    Some(candidate) => Ok(candidate),
                    None => at.invalid(format!("this option is not one of the {}", choose.key())),
                }
            })?,
            None => Vec::new(),
        };
        Ok(Predict {
            question,
            choose: *choose,
            judge,
            options,
        })
    }

    /// What the learner chooses among: the objects of the kind in the signed-in subscription and
    /// tenant (what the page shows), by name, then the lesson's own options.
    pub fn candidates(&self, world: &World) -> Vec<Candidate> {
        let tenant = world.tenant_id();
        let subscription = world.current_subscription;
        let mut out: Vec<Candidate> = match self.choose {
            Choose::ServicePrincipals => world
                .service_principals
                .values()
                .filter(|sp| sp.tenant_id == tenant)
                .map(|sp| Candidate::new(&sp.display_name, sp.type_name(), ""))
                .collect(),
            Choose::Resources => world
                .resources
                .values()
                .filter(|r| r.subscription_id == subscription)
                .map(|r| Candidate::new(&r.name, r.kind.word(), &r.group))
                .collect(),
            Choose::Identities => world
                .user_identities
                .values()
                .filter(|i| i.subscription_id == subscription)
                .map(|i| Candidate::new(&i.name, "identity", &i.group))
                .collect(),
            Choose::Groups => world
                .groups
                .values()
                .filter(|g| g.subscription_id == subscription)
                .map(|g| Candidate::new(&g.name, "", ""))
                .collect(),
            Choose::Apps => world
                .applications
                .values()
                .filter(|app| app.tenant_id == tenant)
                .map(|app| Candidate::new(&app.display_name, "", ""))
                .collect(),
        };
        // Alphabetical, so the page lists them in a stable order whatever the GUIDs.
        out.sort_by_cached_key(|c| {
            (
                c.name.to_lowercase(),
                c.kind.clone(),
                c.place.to_lowercase(),
            )
        });
        for option in &self.options {
            if !out.contains(option) {
                out.push(option.clone());
            }
        }
        out
    }

    /// The judgement of `chosen` against the events of `entries` (the commands run since the
    /// prediction): first what happened, in the order it happened, then what was chosen but did
    /// not happen.
    pub fn judge(&self, chosen: &[Candidate], entries: &[LogEntry]) -> Vec<Verdict> {
        let mut verdicts: Vec<Verdict> = Vec::new();
        for event in entries.iter().flat_map(|entry| entry.events.iter()) {
            if let Some(candidate) = touched(event, self.choose, self.judge) {
                if !verdicts.iter().any(|v| v.candidate == candidate) {
                    verdicts.push(Verdict {
                        chosen: chosen.contains(&candidate),
                        candidate,
                        happened: true,
                        why: event.explain(),
                    });
                }
            }
        }
        for candidate in chosen {
            if !verdicts.iter().any(|v| v.candidate == *candidate) {
                verdicts.push(Verdict {
                    candidate: candidate.clone(),
                    chosen: true,
                    happened: false,
                    why: String::new(),
                });
            }
        }
        verdicts
    }
}

/// The candidate an object reference names, when it is of the kind chosen.
fn candidate_of(object: &ObjectRef, choose: Choose) -> Option<Candidate> {
    match (choose, object) {
        (
            Choose::ServicePrincipals,
            ObjectRef::ServicePrincipal {
                name,
                principal_type,
                ..
            },
        ) => Some(Candidate::new(
            name,
            principal_type.map_or("", |t| t.as_str()),
            "",
        )),
        (Choose::Resources, ObjectRef::Resource(r)) => {
            Some(Candidate::new(&r.name, r.kind.word(), &r.group))
        }
        (Choose::Identities, ObjectRef::Identity { group, name }) => {
            Some(Candidate::new(name, "identity", group))
        }
        (Choose::Groups, ObjectRef::Group(name)) => Some(Candidate::new(name, "", "")),
        (Choose::Apps, ObjectRef::App { name, .. }) => Some(Candidate::new(name, "", "")),
        _ => None,
    }
}
