//! Name and location rules (docs/azure-rules.md N1–N8): a bad name is refused with Azure's code and the rule it broke.

use crate::command::{OsType, ResourceKind, Tags};
use crate::error::CommandError;

/// The display name of a normalised location, as App Service prints a plan's `location` and
/// `geoRegion` ("West Europe").
pub fn location_display_name(location: &str) -> &'static str {
    LOCATION_NAMES
        .iter()
        .find(|(normalized, _)| *normalized == location)
        .map_or("", |(_, display)| display)
}

const LOCATION_NAMES: &[(&str, &str)] = &[
    ("australiaeast", "Australia East"),
    ("brazilsouth", "Brazil South"),
    ("canadacentral", "Canada Central"),
    ("centralindia", "Central India"),
    ("centralus", "Central US"),
    ("eastasia", "East Asia"),
    ("eastus", "East US"),
    ("eastus2", "East US 2"),
    ("francecentral", "France Central"),
    ("germanywestcentral", "Germany West Central"),
    ("japaneast", "Japan East"),
    ("koreacentral", "Korea Central"),
    ("northcentralus", "North Central US"),
    ("northeurope", "North Europe"),
    ("norwayeast", "Norway East"),
    ("southafricanorth", "South Africa North"),
    ("southcentralus", "South Central US"),
    ("southeastasia", "Southeast Asia"),
    ("swedencentral", "Sweden Central"),
    ("switzerlandnorth", "Switzerland North"),
    ("uaenorth", "UAE North"),
    ("uksouth", "UK South"),
    ("ukwest", "UK West"),
    ("westcentralus", "West Central US"),
    ("westeurope", "West Europe"),
    ("westus", "West US"),
    ("westus2", "West US 2"),
    ("westus3", "West US 3"),
];

/// An App Service plan's pricing tier: `(name as App Service prints it, tier, family, maximum
/// number of workers)`, from what `--sku` says (any case; `FREE` and `SHARED` as the CLI's
/// `_normalize_sku` reads them).
pub fn app_service_sku(
    sku: &str,
) -> Result<(&'static str, &'static str, &'static str, u32), CommandError> {
    let wanted = sku.trim().to_ascii_uppercase();
    let wanted = match wanted.as_str() {
        "FREE" => "F1",
        "SHARED" => "D1",
        other => other,
    };
    APP_SERVICE_SKUS
        .iter()
        .find(|(name, ..)| name.eq_ignore_ascii_case(wanted))
        .copied()
        .ok_or_else(|| {
            CommandError::cli(format!(
                "The pricing tier '{}' is not modelled in the playground: use one of F1, D1, B1, B2, B3, S1, S2, S3, P1v2, P2v2, P3v2, P0v3, P1v3, P2v3, P3v3.",
                sku.trim(),
            ))
        })
}

const APP_SERVICE_SKUS: &[(&str, &str, &str, u32)] = &[
    ("F1", "Free", "F", 1),
    ("D1", "Shared", "D", 1),
    ("B1", "Basic", "B", 3),
    ("B2", "Basic", "B", 3),
    ("B3", "Basic", "B", 3),
    ("S1", "Standard", "S", 10),
    ("S2", "Standard", "S", 10),
    ("S3", "Standard", "S", 10),
    ("P1v2", "PremiumV2", "Pv2", 30),
    ("P2v2", "PremiumV2", "Pv2", 30),
    ("P3v2", "PremiumV2", "Pv2", 30),
    ("P0v3", "PremiumV3", "Pv3", 30),
    ("P1v3", "PremiumV3", "Pv3", 30),
    ("P2v3", "PremiumV3", "Pv3", 30),
    ("P3v3", "PremiumV3", "Pv3", 30),
];

/// The regions the playground accepts, in their normalised form.
pub const LOCATIONS: &[&str] = &[
    "australiaeast",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "japaneast",
    "koreacentral",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westus",
    "westus2",
    "westus3",
];

/// `West Europe` / `westeurope` / `WESTEUROPE` → `westeurope`, or the ARM refusal for an unknown one.
pub fn normalize_location(location: &str) -> Result<String, CommandError> {
    let normalized: String = location
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if LOCATIONS.contains(&normalized.as_str()) {
        Ok(normalized)
    } else {
        Err(CommandError::arm(
            "LocationNotAvailableForResourceGroup",
            format!(
                "The provided location '{location}' is not available for resource group. List of available regions is '{}'.",
                LOCATIONS.join(",")
            ),
        ))
    }
}

fn invalid_characters(name: &str, allowed: impl Fn(char) -> bool) -> String {
    let mut bad: Vec<char> = name.chars().filter(|c| !allowed(*c)).collect();
    bad.dedup();
    bad.into_iter().collect()
}

/// The most tags a group or resource may have (docs/azure-rules.md M16).
pub const MAX_TAGS: usize = 50;

/// ARM's tag limits (docs/azure-rules.md M16): at most 50 tags; a name not empty, without
/// `< > % & \ ? /` or control characters, of at most 512 characters (128 on a storage account); a
/// value of at most 256. The codes and words are ARM's, as Azure PowerShell's Az.Migrate repeats
/// them before it sends a request.
pub fn validate_tags(tags: &Tags, storage_account: bool) -> Result<(), CommandError> {
    // The names a check refuses, as ARM lists them: joined by ", ".
    let names = |bad: &dyn Fn(&str) -> bool| -> String {
        let found: Vec<&str> = tags
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| bad(name))
            .collect();
        found.join(", ")
    };
    let longest_name = if storage_account { 128 } else { 512 };
    let reserved = names(&|name| {
        name.contains(['<', '>', '%', '&', '\\', '?', '/']) || name.contains(char::is_control)
    });
    let too_long = names(&|name| name.chars().count() > longest_name);
    let (code, message) = if tags.len() > MAX_TAGS {
        ("InvalidTags", format!("Too many tags specified. Requested tag count - '{}'. Maximum number of tags allowed - '{MAX_TAGS}'.", tags.len()))
    } else if tags.iter().any(|(name, _)| name.trim().is_empty()) {
        ("InvalidTagName", "The tag name must be non-null, non-empty and non-whitespace only. Please provide an actual value.".to_string())
    } else if !reserved.is_empty() {
        ("InvalidTagNameCharacters", format!("The tag names '{reserved}' have reserved characters '<,>,%,&,\\,?,/' or control characters."))
    } else if !too_long.is_empty() {
        ("InvalidTagName", format!("Tag key too large. Following tag name '{too_long}' exceeded the maximum length. Maximum allowed length for tag name - '{longest_name}' characters."))
    } else if let Some((_, value)) = tags.iter().find(|(_, value)| value.chars().count() > 256) {
        ("InvalidTagValueLength", format!("Tag value too large. Following tag value '{value}' exceeded the maximum length. Maximum allowed length for tag value - '256' characters."))
    } else {
        return Ok(());
    };
    Err(CommandError::arm(code, message))
}

/// Resource groups: 1–90 characters, letters, digits, `_ - . ( )`, not ending in `.`.
pub fn validate_group_name(name: &str) -> Result<(), CommandError> {
    let length = name.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')');
    let bad = invalid_characters(name, allowed);
    let message = if length == 0 || length > 90 {
        format!("The provided resource group name '{name}' is {length} characters long. A resource group name must be 1 to 90 characters long.")
    } else if !bad.is_empty() {
        format!("The provided resource group name '{name}' has these invalid characters: '{bad}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'. For more details, visit https://aka.ms/ResourceGroupNamingRestrictions.")
    } else if name.ends_with('.') {
        format!("The provided resource group name '{name}' ends with a period. A resource group name cannot end with a period. For more details, visit https://aka.ms/ResourceGroupNamingRestrictions.")
    } else {
        return Ok(());
    };
    Err(CommandError::arm("InvalidResourceGroup", message))
}

/// 3 to `max` characters of letters, digits, `-` and `_`, starting with a letter or a digit: the
/// names of user-assigned identities and of their federated credentials.
fn word_name(name: &str, max: usize) -> bool {
    (3..=max).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// User-assigned identities: 3–128 characters, letters, digits, `-` `_`, starting with a letter or digit.
pub fn validate_user_identity_name(name: &str) -> Result<(), CommandError> {
    if word_name(name, 128) {
        return Ok(());
    }
    Err(CommandError::arm(
        "InvalidResourceName",
        format!("Resource name '{name}' is invalid. The name must be 3 to 128 characters long, start with a letter or a number, and contain only letters, numbers, hyphens and underscores."),
    ))
}

/// A federated identity credential's name: 3 to 120 letters, digits, `-` and `_`, starting with a
/// letter or a digit (docs/azure-rules.md R19).
pub fn validate_federated_credential_name(name: &str) -> Result<(), CommandError> {
    if word_name(name, 120) {
        return Ok(());
    }
    Err(CommandError::arm(
        "BadRequest",
        format!("The federated identity credential name '{name}' is invalid. The name must be 3 to 120 characters long, start with a letter or a number, and contain only letters, numbers, hyphens and underscores."),
    ))
}

/// The name rules of each resource kind. Windows VM and scale-set names are limited to 15 characters.
pub fn validate_resource_name(
    kind: ResourceKind,
    name: &str,
    os: OsType,
) -> Result<(), CommandError> {
    let length = name.chars().count();
    let alnum_or =
        |extra: &'static [char]| move |c: char| c.is_ascii_alphanumeric() || extra.contains(&c);
    match kind {
        ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => {
            let chars_ok = name.chars().all(alnum_or(&['-', '.']));
            let ends_ok = !name.ends_with('.') && !name.ends_with('-') && !name.starts_with('_');
            match os {
                OsType::Linux if (1..=64).contains(&length) && chars_ok && ends_ok => Ok(()),
                OsType::Linux => Err(CommandError::arm(
                    "InvalidParameter",
                    format!("Linux host name '{name}' is invalid: it must be 1 to 64 characters long, contain only letters, numbers, '-' and '.', and not end with '.' or '-'. It cannot contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] {{ }} \\ | ; : ' \" , < > / ?."),
                )),
                OsType::Windows
                    if (1..=15).contains(&length)
                        && chars_ok
                        && ends_ok
                        && !name.chars().all(|c| c.is_ascii_digit()) =>
                {
                    Ok(())
                }
                OsType::Windows => Err(CommandError::arm(
                    "InvalidParameter",
                    format!("Windows computer name '{name}' is invalid: it cannot be more than 15 characters long, be entirely numeric, or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] {{ }} \\ | ; : . ' \" , < > / ?."),
                )),
            }
        }
        ResourceKind::KeyVault => {
            let ok = (3..=24).contains(&length)
                && name.chars().all(alnum_or(&['-']))
                && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                && !name.contains("--");
            if ok {
                Ok(())
            } else {
                Err(CommandError::arm(
                    "VaultNameNotValid",
                    format!("The vault name '{name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens."),
                ))
            }
        }
        ResourceKind::StorageAccount => {
            let ok = (3..=24).contains(&length)
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if ok {
                Ok(())
            } else {
                Err(CommandError::arm(
                    "AccountNameInvalid",
                    format!("{name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only."),
                ))
            }
        }
        ResourceKind::WebApp | ResourceKind::FunctionApp => {
            let ok = (2..=60).contains(&length)
                && name.chars().all(alnum_or(&['-']))
                && !name.starts_with('-')
                && !name.ends_with('-');
            generic(ok, name, "2 to 60 characters long, contain only letters, numbers and hyphens, and not start or end with a hyphen")
        }
        ResourceKind::AppServicePlan => {
            let ok = (1..=60).contains(&length) && name.chars().all(alnum_or(&['-']));
            generic(
                ok,
                name,
                "1 to 60 characters long and contain only letters, numbers and hyphens",
            )
        }
        ResourceKind::LogicApp => {
            let ok = (1..=80).contains(&length)
                && name.chars().all(alnum_or(&['-', '_', '.', '(', ')']));
            generic(ok, name, "1 to 80 characters long and contain only letters, numbers, hyphens, underscores, periods and parentheses")
        }
        ResourceKind::ContainerInstance => {
            let ok = (1..=63).contains(&length)
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-')
                && !name.contains("--");
            generic(ok, name, "1 to 63 characters long, contain only lower-case letters, numbers and single hyphens, and not start or end with a hyphen")
        }
    }
}

fn generic(ok: bool, name: &str, rule: &str) -> Result<(), CommandError> {
    if ok {
        Ok(())
    } else {
        Err(CommandError::arm(
            "InvalidResourceName",
            format!("Resource name '{name}' is invalid. The name must be {rule}."),
        ))
    }
}

/// Key Vault secret names: 1–127 letters, digits and dashes.
pub fn validate_secret_name(name: &str) -> Result<(), CommandError> {
    let length = name.chars().count();
    if (1..=127).contains(&length) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Ok(());
    }
    Err(CommandError::cli(format!(
        "argument --name/-n: '{name}' is not a valid secret name: it must be 1 to 127 characters long and contain only 0-9, a-z, A-Z and -."
    )))
}

/// Blob container names: 3–63 lower-case letters, digits and single hyphens, starting with a letter or digit.
pub fn validate_container_name(name: &str) -> Result<(), CommandError> {
    let length = name.chars().count();
    let ok = (3..=63).contains(&length)
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && !name.ends_with('-')
        && !name.contains("--");
    if ok {
        return Ok(());
    }
    Err(CommandError::arm(
        "InvalidResourceName",
        format!("The specifed resource name '{name}' contains invalid characters. A container name must be 3 to 63 characters long, use only lower-case letters, numbers and single hyphens, and start with a letter or number."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_follow_the_azure_rules() {
        assert!(validate_group_name("rg-learn_1.(a)").is_ok());
        let ends_with_period = validate_group_name("rg.").map_err(|e| e.message);
        assert!(ends_with_period.is_err_and(|m| m.contains("cannot end with a period")));
        let bad = validate_group_name("rg!").map_err(|e| (e.code, e.message));
        assert!(bad.is_err_and(|(code, m)| code == "InvalidResourceGroup" && m.contains("'!'")));
        assert!(validate_group_name(&"a".repeat(91)).is_err());
    }

    #[test]
    fn windows_vm_names_are_limited_to_15_characters_and_not_only_digits() {
        assert!(validate_resource_name(
            ResourceKind::VirtualMachine,
            "a-sixteen-chars1",
            OsType::Linux
        )
        .is_ok());
        assert!(validate_resource_name(
            ResourceKind::VirtualMachine,
            "a-sixteen-chars1",
            OsType::Windows
        )
        .is_err());
        assert!(
            validate_resource_name(ResourceKind::VirtualMachine, "12345", OsType::Windows).is_err()
        );
        assert!(
            validate_resource_name(ResourceKind::VirtualMachine, "vm1-", OsType::Linux).is_err()
        );
    }

    #[test]
    fn vault_and_storage_names_follow_their_rules() {
        assert!(validate_resource_name(ResourceKind::KeyVault, "kv-learn1", OsType::Linux).is_ok());
        assert!(
            validate_resource_name(ResourceKind::KeyVault, "kv--learn", OsType::Linux).is_err()
        );
        assert!(validate_resource_name(ResourceKind::KeyVault, "1kv", OsType::Linux).is_err());
        assert!(
            validate_resource_name(ResourceKind::StorageAccount, "learnstore1", OsType::Linux)
                .is_ok()
        );
        assert!(
            validate_resource_name(ResourceKind::StorageAccount, "Learn-Store", OsType::Linux)
                .is_err()
        );
    }

    #[test]
    fn locations_are_normalised() {
        assert_eq!(
            normalize_location("West Europe").ok(),
            Some("westeurope".to_string())
        );
        assert!(normalize_location("atlantis").is_err());
    }
}

#[cfg(test)]
mod location_tests {
    use super::*;

    #[test]
    fn every_location_has_its_display_name() {
        let named: Vec<&str> = LOCATION_NAMES.iter().map(|(name, _)| *name).collect();
        assert_eq!(named, LOCATIONS);
        assert_eq!(location_display_name("westeurope"), "West Europe");
    }
}
