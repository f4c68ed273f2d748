//! The activity log: each command's time on the model's clock, its `az` line, and its events explained in one sentence each.

use yew::prelude::*;

use model::Session;

use crate::view::activities;

/// The log shows this many commands, newest first.
pub const SHOWN: usize = 50;

/// A plain function, not a component: it re-renders with the shell, which costs little at 50 rows
/// and saves the code a component adds to the download.
pub fn activity_log(session: &Session) -> Html {
    let history = session.history();
    let rows = activities(history, SHOWN);
    html! {
        <section class="panel activity" aria-labelledby="activity-title" tabindex="0">
            <h2 id="activity-title">{ "Activity log" }</h2>
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
