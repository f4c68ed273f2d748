//! `az account show|set|list` and `az login`: the signed-in learner and their subscriptions.

use model::{json, Command, CommandError};

use super::{change, prints_nothing, read, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer};
use crate::table::{CommandSpec, Param};

/// azure-cli profile `_params.py`: `options_list=['--subscription', '-s', '--name', '-n']`.
const SUBSCRIPTION: Param = Param::new(
    &["--subscription", "--name", "-s", "-n"],
    help_text!("Name or ID of subscription."),
);

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "account show",
        help_text!("Get the details of a subscription."),
        &[SUBSCRIPTION],
        (help_text!("az account show"), help_text!("Show the signed-in subscription.")),
        show,
    )
    .graph(),
    CommandSpec::new(
        "account set",
        help_text!("Set a subscription to be the current active subscription."),
        &[SUBSCRIPTION.required()],
        (help_text!("az account set --subscription \"My Subscription\""), help_text!("Switch subscription.")),
        set,
    )
    .graph()
    .changes(set_line),
    CommandSpec::new(
        "account list",
        help_text!("Get a list of subscriptions for the logged in account."),
        &[
            Param::new(&["--all"], help_text!("List all subscriptions from all clouds.")).flag(),
            Param::new(&["--refresh"], help_text!("Retrieve up-to-date subscriptions from server.")).flag(),
        ],
        (help_text!("az account list -o table"), help_text!("List subscriptions.")),
        list,
    )
    .graph(),
    CommandSpec::new(
        "login",
        help_text!("Log in to Azure. In the playground you are always signed in: this prints your subscriptions."),
        &[
            Param::new(&["--identity"], help_text!("Log in using managed identity.")).flag(),
            Param::new(&["--username", "-u"], help_text!("User name, service principal client ID, or managed identity ID.")),
            Param::new(&["--password", "-p"], help_text!("Credentials like user password, or for a service principal, provide client secret.")),
            Param::new(&["--service-principal"], help_text!("Log in with a service principal.")).flag(),
            Param::new(&["--tenant", "-t"], help_text!("The Microsoft Entra tenant.")),
            Param::new(&["--use-device-code"], help_text!("Use CLI's old authentication flow based on device code.")).flag(),
            Param::new(&["--allow-no-subscriptions"], help_text!("Support accessing tenants without subscriptions.")).flag(),
        ],
        (help_text!("az login"), help_text!("Log in interactively.")),
        list,
    )
    .graph(),
];

fn show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let wanted = invocation.option(&SUBSCRIPTION);
    read(move |world| {
        let Some(wanted) = wanted else {
            return Ok(CommandResult::plain(json::account(world)));
        };
        let found = world.find_subscription(&wanted).ok_or_else(|| {
            CommandError::cli(format!(
                "Subscription '{}' not found. Check the spelling and casing and try again.",
                wanted.trim()
            ))
        })?;
        let mut entry = json::account_list(world)
            .as_array()
            .and_then(|list| {
                list.iter()
                    .find(|entry| entry["id"].as_str() == Some(&found.id.to_string()))
                    .cloned()
            })
            .unwrap_or_default();
        entry.remove("cloudName");
        Ok(CommandResult::plain(entry))
    })
}

fn set(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::SetSubscription {
            subscription: invocation.string(&SUBSCRIPTION),
        },
        prints_nothing,
    )
}

fn set_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::SetSubscription { subscription } = command else {
        return None;
    };
    Line::az(spec).value(&SUBSCRIPTION, subscription).done()
}

/// `az account list`, and `az login`, which prints the subscriptions the learner can use.
fn list(_: &Invocation, _: &Context) -> Result<Action, AzError> {
    read(|world| {
        Ok(CommandResult::transformed(
            json::account_list(world),
            Transformer::AccountList,
        ))
    })
}
