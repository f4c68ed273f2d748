//! The activity log: each command's time on the model's clock, its `az` line, and its events explained in one sentence each; and beside it Entra ID's sign-in log.

use yew::prelude::*;

use model::Session;

use crate::view::activities;

/// The log shows this many commands, newest first.
pub const SHOWN: usize = 50;

/// A plain function, not a component: it re-renders with the shell, which costs little at 50 rows
/// and saves the code a component adds to the download. `drawn` rows at most (the first screen).
pub fn activity_log(session: &Session, drawn: usize) -> Html {
    let history = session.history();
    let rows = activities(history, SHOWN.min(drawn));
    html! {
        <section class="panel activity" aria-labelledby="activity-title" tabindex="0">
            <h2 id="activity-title">{ "Activity log" }</h2>
            { sign_ins(session) }
            if rows.is_empty() {
                <p class="empty">{ "Nothing has happened yet." }</p>
            } else {
                if history.len() > SHOWN {
                    <p class="note">{ format!("The latest {SHOWN} of {} commands.", history.len()) }</p>
                }
                <ol class="activity-list" reversed=true aria-label="Commands and their events, newest first">
                    { for rows.into_iter().map(|row| {
                        let stamp = row.time.to_string();
                        let clock = stamp.get(11..19).unwrap_or(&stamp).to_string();
                        html! {
                            <li key={row.number}>
                                <div class="when"><time datetime={stamp.clone()}>{ clock }</time>{ format!(" · #{}", row.number) }</div>
                                <code class="az">{ row.az_line }</code>
                                <ul class="events">
                                    { for row.explanations.into_iter().map(|text| html! { <li>{ text }</li> }) }
                                </ul>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}

/// The managed-identity sign-ins (docs/azure-rules.md T11), newest first, folded under their count.
fn sign_ins(session: &Session) -> Html {
    let log = &session.world().sign_ins;
    if log.is_empty() {
        return Html::default();
    }
    let refused = log.iter().filter(|s| s.failure.is_some()).count();
    html! {
        <details class="sign-ins">
            <summary>{ format!("Sign-ins: {} ({refused} refused)", log.len()) }</summary>
            <p class="note">{ "Entra ID's managed-identity sign-ins, newest first (az rest: Graph beta auditLogs/signIns). A sign-in proves who asked: a 403 from Key Vault or ARM afterwards is that service's decision." }</p>
            <ol class="activity-list" reversed=true>
                { for log.iter().rev().take(SHOWN).map(|s| {
                    let stamp = s.time.to_string();
                    let resource = model::json::resource_application(&s.resource).map_or(s.resource.as_str(), |r| r.0);
                    let result = match &s.failure {
                        None => "Success: token issued",
                        // The AADSTS code and its first sentence; the whole text is in Graph's JSON.
                        Some((_, why)) => why.split(". ").next().unwrap_or(why),
                    };
                    let failure = if s.failure.is_some() { "Failure: " } else { "" };
                    let kind = if s.user_assigned { "user" } else { "system" };
                    let via = s.federated_issuer.as_deref().unwrap_or("");
                    html! {
                        <li>
                            <code class="az">{ format!("{} → {resource}", s.name) }</code>
                            { format!(" {} · {kind}-assigned {via} · {failure}{result}", stamp.get(11..19).unwrap_or(&stamp)) }
                        </li>
                    }
                }) }
            </ol>
        </details>
    }
}
