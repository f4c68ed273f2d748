//! A playground session as a bash script for a real Azure subscription: the same `az` lines, with variables for what the playground made up (subscription, IDs, names that must be unique in all of Azure) and a cleanup section.
//!
//! The IDs a session's lines carry (a principal ID given to `--assignee`, an app ID given to
//! `az ad sp create --id`) are the playground's own; in Azure they will be others. So the script
//! captures each one into a variable right after the line that made it, with the `az … show`
//! that reads it back, and uses the variable where the session used the ID. Run through
//! `az-playground`, the script reproduces the session exactly (the variables hold the same IDs);
//! run against Azure, it builds the same things with Azure's IDs.

use std::collections::BTreeMap;

use model::{Command, Event, ResourceKind, Session};

/// Kinds whose names are part of a global DNS name: a script run twice, or by two people, needs
/// names of its own for them.
fn globally_unique(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::KeyVault
            | ResourceKind::StorageAccount
            | ResourceKind::WebApp
            | ResourceKind::FunctionApp
    )
}

/// The `az` command group that shows a resource of `kind` (`az vm show`, …).
fn show_group(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::VirtualMachine => "vm",
        ResourceKind::VmScaleSet => "vmss",
        ResourceKind::WebApp => "webapp",
        ResourceKind::FunctionApp => "functionapp",
        ResourceKind::LogicApp => "logic workflow",
        ResourceKind::ContainerInstance => "container",
        ResourceKind::StorageAccount => "storage account",
        ResourceKind::KeyVault => "keyvault",
        ResourceKind::AppServicePlan => "appservice plan",
    }
}

/// `vm1` → `VM1`, `id-shared` → `ID_SHARED`: a variable name from an object's name.
fn variable_base(name: &str) -> String {
    let mut base: String = name
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_uppercase(),
            false => '_',
        })
        .collect();
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base.insert(0, '_');
    }
    base
}

/// Every GUID in `text` (8-4-4-4-12 hex digits), lower-cased, with where it starts.
fn guids(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let shape = [8, 4, 4, 4, 12];
    let mut found = Vec::new();
    let mut at = 0;
    while at + 36 <= bytes.len() {
        let mut end = at;
        let fits = shape.iter().enumerate().all(|(part, &length)| {
            let ok = bytes[end..end + length].iter().all(u8::is_ascii_hexdigit)
                && (part == 4 || bytes.get(end + length) == Some(&b'-'));
            end += length + 1;
            ok
        });
        let bounded = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_hexdigit() && *b != b'-');
        if fits && (at == 0 || bounded(bytes.get(at - 1))) && bounded(bytes.get(at + 36)) {
            found.push((at, text[at..at + 36].to_ascii_lowercase()));
            at += 36;
        } else {
            at += 1;
        }
    }
    found
}

/// Whether byte `at` of `line` lies inside single quotes, where `$VAR` is not expanded.
fn single_quoted(line: &str, at: usize) -> bool {
    let mut quoted = false;
    let mut double = false;
    for (index, c) in line.char_indices() {
        if index >= at {
            break;
        }
        match c {
            '\'' if !double => quoted = !quoted,
            '"' if !quoted => double = !double,
            _ => {}
        }
    }
    quoted
}

/// A value the script reads into a variable: where it is first known and how it is read.
struct Capture {
    variable: String,
    /// The line that reads it (`VM1_PRINCIPAL_ID=$(az vm show … -o tsv)`).
    line: String,
    /// The session line after which it is read.
    after: usize,
}

/// Every ID the session made that the script can read back, by its (lower-case) text.
#[derive(Default)]
struct Captures {
    by_id: BTreeMap<String, Capture>,
    /// How many variables each base name has had: vm1's second principal ID is
    /// `VM1_PRINCIPAL_ID_2` (the re-enable trap).
    names: BTreeMap<String, u32>,
}

impl Captures {
    fn add(&mut self, id: String, base: String, read: String, after: usize) {
        if self.by_id.contains_key(&id) {
            return;
        }
        let count = self.names.entry(base.clone()).or_insert(0);
        *count += 1;
        let variable = match *count {
            1 => base,
            n => format!("{base}_{n}"),
        };
        let line = format!("{variable}=$({read})");
        self.by_id.insert(
            id,
            Capture {
                variable,
                line,
                after,
            },
        );
    }

    fn variable(&self, id: &str) -> Option<String> {
        self.by_id.get(id).map(|c| format!("${}", c.variable))
    }
}

/// The script for real Azure of a session's lines (as saved: one model command each), made with
/// `seed`. Errs with the line that does not replay.
pub fn real_azure(seed: u64, lines: &[String]) -> Result<String, String> {
    // What came before the last `reset` was wiped by it: Azure has no reset.
    let start = lines
        .iter()
        .rposition(|line| line.trim() == crate::RESET)
        .map_or(0, |at| at + 1);
    let lines = &lines[start..];
    let mut session = Session::new(seed);
    let world = session.world();
    let subscription = world.subscription().id.to_string();
    let tenant = world.tenant_id().to_string();
    let mut captures = Captures::default();
    // Names of things that are not globally unique, and of those that are.
    let mut local_names: Vec<String> = Vec::new();
    let mut global_names: Vec<String> = Vec::new();
    let mut subscriptions: BTreeMap<String, String> = BTreeMap::new();
    let mut apps_made: Vec<String> = Vec::new();
    let mut assignments_made: Vec<model::Guid> = Vec::new();
    let mut sleeps = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let command = crate::parse(line)
            .map_err(|error| format!("line {} (`{line}`) can't be read: {error}", index + 1))?;
        if matches!(command, Command::AdvanceClock { .. }) {
            sleeps.push(index);
        }
        let events = session
            .execute(command)
            .map_err(|error| format!("line {} (`{line}`) was refused: {error}", index + 1))?;
        for event in &events {
            match event {
                Event::ResourceGroupCreated { group } => local_names.push(group.name.clone()),
                Event::RoleAssignmentCreated { assignment, .. } => {
                    assignments_made.push(assignment.name)
                }
                Event::ResourceCreated { resource } => match globally_unique(resource.kind) {
                    true => global_names.push(resource.name.clone()),
                    false => local_names.push(resource.name.clone()),
                },
                Event::SystemIdentityEnabled {
                    kind,
                    name,
                    resource_id,
                    principal_id,
                    ..
                } => {
                    let group = resource_id.split('/').nth(4).unwrap_or_default();
                    captures.add(
                        principal_id.to_string(),
                        format!("{}_PRINCIPAL_ID", variable_base(name)),
                        format!(
                            "az {} show -g {group} -n {name} --query identity.principalId -o tsv",
                            show_group(*kind)
                        ),
                        index,
                    );
                }
                Event::UserIdentityCreated { identity } => {
                    local_names.push(identity.name.clone());
                    let base = variable_base(&identity.name);
                    let show = format!(
                        "az identity show -g {} -n {}",
                        identity.group, identity.name
                    );
                    captures.add(
                        identity.principal_id.to_string(),
                        format!("{base}_PRINCIPAL_ID"),
                        format!("{show} --query principalId -o tsv"),
                        index,
                    );
                    captures.add(
                        identity.client_id.to_string(),
                        format!("{base}_CLIENT_ID"),
                        format!("{show} --query clientId -o tsv"),
                        index,
                    );
                }
                Event::ApplicationCreated { application } => {
                    let base = variable_base(&application.display_name);
                    let app_id = application.app_id.to_string();
                    captures.add(
                        app_id.clone(),
                        format!("{base}_APP_ID"),
                        format!(
                            "az ad app list --display-name '{}' --query '[0].appId' -o tsv",
                            application.display_name.replace('\'', "'\\''")
                        ),
                        index,
                    );
                    apps_made.push(app_id.clone());
                    let app_variable = captures.variable(&app_id).unwrap_or_default();
                    captures.add(
                        application.id.to_string(),
                        format!("{base}_OBJECT_ID"),
                        format!("az ad app show --id {app_variable} --query id -o tsv"),
                        index,
                    );
                }
                Event::ServicePrincipalCreated { principal }
                    if !principal.is_managed_identity() =>
                {
                    let app_id = principal.app_id.to_string();
                    let app = captures.variable(&app_id).unwrap_or(app_id);
                    captures.add(
                        principal.id.to_string(),
                        format!("{}_SP_ID", variable_base(&principal.display_name)),
                        format!("az ad sp show --id {app} --query id -o tsv"),
                        index,
                    );
                }
                Event::SubscriptionSelected {
                    subscription: id,
                    name,
                    ..
                } if id.to_string() != subscription => {
                    subscriptions
                        .entry(id.to_string())
                        .or_insert_with(|| name.clone());
                }
                _ => {}
            }
        }
    }
    let world = session.world();

    // Which captured IDs the script reads: those a later line uses, every app's IDs (the
    // cleanup deletes apps by app ID) and what another read goes through (an app's object ID is
    // read through its app ID).
    let mut wanted: Vec<&str> = Vec::new();
    let mut made_up = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        for (at, guid) in guids(line) {
            if guid == subscription || guid == tenant || subscriptions.contains_key(&guid) {
                continue;
            }
            let is_role = model::Guid::parse(&guid)
                .and_then(model::roles::role_by_guid)
                .is_some();
            if is_role {
                continue;
            }
            match captures.by_id.get_key_value(&guid) {
                Some((id, capture)) if capture.after < index && !single_quoted(line, at) => {
                    wanted.push(id)
                }
                _ => made_up.push((index, guid)),
            }
        }
    }
    wanted.extend(apps_made.iter().map(String::as_str));
    // A worklist: what a read goes through is read too, and so on.
    let mut index = 0;
    while index < wanted.len() {
        let read = &captures.by_id[wanted[index]].line;
        index += 1;
        for (_, inner) in guids(read) {
            if let Some((id, _)) = captures.by_id.get_key_value(&inner) {
                wanted.push(id);
            }
        }
        for (id, capture) in &captures.by_id {
            if read.contains(&format!("${} ", capture.variable)) {
                wanted.push(id);
            }
        }
    }
    wanted.sort();
    wanted.dedup();
    // Each read goes right after the line that made the ID; an app's app ID before its object ID.
    let mut reads: BTreeMap<usize, Vec<&Capture>> = BTreeMap::new();
    for id in &wanted {
        let capture = &captures.by_id[*id];
        reads.entry(capture.after).or_default().push(capture);
    }
    for list in reads.values_mut() {
        list.sort_by_key(|c| {
            (
                c.variable.ends_with("_OBJECT_ID") || c.variable.ends_with("_SP_ID"),
                c.variable.clone(),
            )
        });
    }

    // Names that take $SUFFIX: globally unique ones that name nothing else.
    let suffixed: Vec<&String> = global_names
        .iter()
        .filter(|name| {
            !local_names
                .iter()
                .any(|other| other.eq_ignore_ascii_case(name))
        })
        .collect();

    // Each subscription's ID and its variable: the one signed in to, then the others chosen.
    let subscription_variables: Vec<(String, String)> =
        std::iter::once((subscription.clone(), "$SUBSCRIPTION".to_string()))
            .chain(
                subscriptions
                    .keys()
                    .enumerate()
                    .map(|(index, id)| (id.clone(), format!("$SUBSCRIPTION_{}", index + 2))),
            )
            .collect();
    let mut replacements = subscription_variables.clone();
    for id in &wanted {
        replacements.push((id.to_string(), format!("${}", captures.by_id[*id].variable)));
    }
    // `az account set --subscription NAME` chooses by the playground's names: by variable here.
    let by_name: Vec<(String, String)> = subscription_variables
        .iter()
        .filter_map(|(id, variable)| {
            let found = world
                .subscriptions
                .values()
                .find(|s| s.id.to_string() == *id)?;
            Some((found.name.clone(), variable.clone()))
        })
        .collect();
    let rewrite = |line: &str| -> String {
        let mut out = line.to_string();
        if let Some(rest) = out.strip_prefix("az account set --subscription ") {
            let chosen = rest.trim_matches('\'');
            if let Some((_, variable)) = by_name.iter().find(|(name, _)| name == chosen) {
                return format!("az account set --subscription {variable}");
            }
        }
        for (at, guid) in guids(line).into_iter().rev() {
            if single_quoted(line, at) {
                continue;
            }
            if let Some((_, variable)) = replacements.iter().find(|(id, _)| *id == guid) {
                out.replace_range(at..at + 36, variable);
            }
        }
        suffix_names(&out, &suffixed)
    };

    let mut script = String::new();
    script.push_str(HEADER);
    script.push_str("SUBSCRIPTION=$(az account show --query id -o tsv)\n");
    for (index, (id, name)) in subscriptions.iter().enumerate() {
        script.push_str(&format!(
            "# The playground's subscription '{name}': put the ID of one of yours here.\nSUBSCRIPTION_{}={id}\n",
            index + 2
        ));
    }
    script.push_str(
        "# Key vaults, storage accounts, web and function apps need names no one else has: give\n\
         # SUFFIX a value of your own (lower-case letters and digits, a few), e.g. SUFFIX=k7q2.\n\
         SUFFIX=\n\n",
    );
    for (index, line) in lines.iter().enumerate() {
        for (_, guid) in made_up.iter().filter(|(at, _)| *at == index) {
            script.push_str(&format!(
                "# {guid} is an ID the playground made up: put the real one here.\n"
            ));
        }
        if sleeps.contains(&index) {
            script.push_str(&format!(
                "# {line}    (the playground moved its clock; in Azure, time passes by itself)\n"
            ));
        } else {
            script.push_str(&rewrite(line));
            script.push('\n');
        }
        for capture in reads.get(&index).into_iter().flatten() {
            let line = rewrite(&capture.line);
            script.push_str(&line);
            script.push('\n');
        }
    }
    script.push_str(&cleanup(
        world,
        &subscription_variables,
        &captures,
        &assignments_made,
    ));
    Ok(script)
}

const HEADER: &str = "#!/usr/bin/env bash
# A Managed Identity Playground session, as a script for a real Azure subscription.
#
# WARNING: it creates real Azure resources, billed to your subscription until you delete them
# (the commands to do so are at the end). Sign in first with `az login`, and choose the
# subscription with `az account set --subscription NAME-OR-ID`.
#
# The IDs the playground made up are read into variables from Azure as the script goes; run
# through az-playground, the script gives back the playground's session exactly.

";

/// `kv1` → `kv1$SUFFIX` wherever a word of `line`, or a segment of a resource ID in it, is one of
/// `names`.
fn suffix_names(line: &str, names: &[&String]) -> String {
    if names.is_empty() {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let parts: Vec<String> = word
            .split('/')
            .map(|part| {
                let bare = part.trim_matches('\'');
                match names.iter().any(|name| name.as_str() == bare) && bare == part {
                    true => format!("{part}$SUFFIX"),
                    false => part.to_string(),
                }
            })
            .collect();
        out.push_str(&parts.join("/"));
        word.clear();
    };
    for c in line.chars() {
        if c == ' ' {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The commented-out commands that delete what the script made.
fn cleanup(
    world: &model::World,
    subscription_variables: &[(String, String)],
    captures: &Captures,
    assignments_made: &[model::Guid],
) -> String {
    let mut text = String::from(
        "\n# Clean up: when you are done, delete what the script made (uncomment and run).\n",
    );
    // The variable of a subscription other than the one signed in to (the first).
    let other_subscription = |id: &str| -> Option<&str> {
        subscription_variables[1..]
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, variable)| variable.as_str())
    };
    for group in world.groups.values() {
        let target = other_subscription(&group.subscription_id.to_string())
            .map_or(String::new(), |s| format!(" --subscription {s}"));
        text.push_str(&format!(
            "# az group delete --name {}{target} --yes --no-wait\n",
            group.name
        ));
    }
    // Those at a subscription's scope: the others go with their group.
    for assignment in world.role_assignments.values() {
        let scope = &assignment.scope;
        if !assignments_made.contains(&assignment.name)
            || scope.trim_matches('/').split('/').count() != 2
        {
            continue;
        }
        let principal = assignment.principal_id.to_string();
        let assignee = captures.variable(&principal).unwrap_or(principal);
        // Built-in roles by name; any other by its ID, which `--role` takes too.
        let role = model::roles::role_by_guid(assignment.role)
            .map_or(assignment.role.to_string(), |r| r.name.to_string());
        let variable =
            other_subscription(&assignment.subscription_id.to_string()).unwrap_or("$SUBSCRIPTION");
        let scope = format!("/subscriptions/{variable}");
        text.push_str(&format!(
            "# az role assignment delete --assignee {assignee} --role '{role}' --scope {scope}\n"
        ));
    }
    for app in world.applications.values() {
        if let Some(variable) = captures.variable(&app.app_id.to_string()) {
            text.push_str(&format!("# az ad app delete --id {variable}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_found_whole() {
        let line = "az x --id 0a1b2c3d-0000-4000-8000-00000000000A/x 1234";
        assert_eq!(
            guids(line),
            vec![(10, "0a1b2c3d-0000-4000-8000-00000000000a".to_string())]
        );
        assert!(guids("0a1b2c3d-0000-4000-8000-00000000000a0").is_empty());
        assert!(guids("no guid here").is_empty());
    }

    #[test]
    fn variable_names_are_shell_names() {
        assert_eq!(variable_base("vm1"), "VM1");
        assert_eq!(variable_base("id-shared"), "ID_SHARED");
        assert_eq!(variable_base("1app"), "_1APP");
    }

    #[test]
    fn unique_names_take_the_suffix_in_words_and_ids() {
        let kv = "kv1".to_string();
        assert_eq!(
            suffix_names("az keyvault create --name kv1 -g rg1", &[&kv]),
            "az keyvault create --name kv1$SUFFIX -g rg1"
        );
        assert_eq!(
            suffix_names(
                "--scope /subscriptions/$S/providers/Microsoft.KeyVault/vaults/kv1",
                &[&kv]
            ),
            "--scope /subscriptions/$S/providers/Microsoft.KeyVault/vaults/kv1$SUFFIX"
        );
        assert_eq!(suffix_names("--name kv10", &[&kv]), "--name kv10");
    }
}
