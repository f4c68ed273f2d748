//! Newtype identifiers and the seeded GUID generator whose state lives in the world, so replay reproduces every ID.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A GUID as Azure prints it: lower-case `8-4-4-4-12` hex.
///
/// Stored as a `u128` so comparisons and map keys are cheap; parsing accepts any letter case because
/// Azure compares GUIDs case-insensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Guid(pub u128);

impl Guid {
    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case, optional surrounding braces).
    pub fn parse(text: &str) -> Option<Guid> {
        let text = text.trim();
        let text = text
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(text);
        let bytes = text.as_bytes();
        if bytes.len() != 36 {
            return None;
        }
        let mut value: u128 = 0;
        for (index, byte) in bytes.iter().enumerate() {
            if matches!(index, 8 | 13 | 18 | 23) {
                if *byte != b'-' {
                    return None;
                }
                continue;
            }
            let digit = (*byte as char).to_digit(16)?;
            value = (value << 4) | u128::from(digit);
        }
        Some(Guid(value))
    }

    /// The 32 hex digits without dashes (Key Vault secret versions look like this).
    pub fn simple(self) -> String {
        // Through `Display`'s digit writer: one hex writer in the download, not two.
        self.to_string().replace('-', "")
    }
}

impl fmt::Display for Guid {
    /// Written digit by digit into a buffer: GUIDs are printed thousands of times per re-render
    /// (row keys, IDs in the directory), and padded `u128` hex through `write!` was a measured
    /// share of it in the browser.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let halves = [(self.0 >> 64) as u64, self.0 as u64];
        let mut out = [b'-'; 36];
        let mut at = 0;
        for digit in 0..32 {
            if matches!(digit, 8 | 12 | 16 | 20) {
                at += 1;
            }
            let half = halves[digit / 16];
            out[at] = HEX[(half >> (60 - 4 * (digit % 16))) as usize & 0xf];
            at += 1;
        }
        f.write_str(std::str::from_utf8(&out).unwrap_or_default())
    }
}

impl Serialize for Guid {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Guid::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not a GUID")))
    }
}

macro_rules! guid_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub Guid);

        impl $name {
            /// Parses the GUID text, any case.
            pub fn parse(text: &str) -> Option<Self> {
                Guid::parse(text).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

guid_newtype!(
    /// A Microsoft Entra tenant (directory) ID.
    TenantId
);
guid_newtype!(
    /// An Azure subscription ID.
    SubscriptionId
);
guid_newtype!(
    /// A directory object ID: a service principal's `id` (= a managed identity's `principalId`) or an
    /// application object's `id`.
    ObjectId
);
guid_newtype!(
    /// An application (client) ID: `appId` of an app registration and its service principals, or
    /// `clientId` of a managed identity.
    AppId
);

/// A case-insensitive key for an ARM ID: the ID lower-cased. Azure compares resource IDs without
/// regard to case, while printing them with the casing they were created with.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArmKey(pub String);

impl ArmKey {
    /// The key of an ARM ID (or scope) as typed: lower-cased, trailing `/` dropped.
    pub fn of(id: &str) -> ArmKey {
        ArmKey(id.trim().trim_end_matches('/').to_ascii_lowercase())
    }

    /// Whether `self` is `scope` or lies below it (`/a/b` is below `/a`, `/ab` is not).
    pub fn is_within(&self, scope: &ArmKey) -> bool {
        self.0 == scope.0
            || (self.0.starts_with(&scope.0) && self.0.as_bytes().get(scope.0.len()) == Some(&b'/'))
    }
}

impl fmt::Display for ArmKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The seeded generator behind every GUID and secret the model produces.
///
/// A GUID is a pure function of `(seed, draw number)`: `decide` draws from a copy, the events carry
/// the values, and `apply` advances `draws` by the count each event declares. Replaying the same
/// commands therefore reproduces the same IDs, and no state outside the `World` is involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdGenerator {
    /// The world's seed.
    pub seed: u64,
    /// How many values have been drawn so far.
    pub draws: u64,
}

impl IdGenerator {
    /// A generator that has drawn nothing yet.
    pub fn new(seed: u64) -> Self {
        Self { seed, draws: 0 }
    }

    /// The next 128 random bits.
    pub fn next_bits(&mut self) -> u128 {
        let index = self.draws;
        self.draws += 1;
        // splitmix64 is a bijection of its input, so distinct draws give distinct high halves.
        let base = self.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        let high = splitmix64(base.wrapping_add(index.wrapping_mul(2)));
        let low = splitmix64(base.wrapping_add(index.wrapping_mul(2)).wrapping_add(1));
        (u128::from(high) << 64) | u128::from(low)
    }

    /// The next GUID, with the version-4 and RFC 4122 variant bits set so it looks like Azure's.
    pub fn next_guid(&mut self) -> Guid {
        let bits = self.next_bits();
        let bits = (bits & !(0xF_u128 << 76)) | (0x4_u128 << 76);
        let bits = (bits & !(0x3_u128 << 62)) | (0x2_u128 << 62);
        Guid(bits)
    }

    /// A client secret as Entra shows it once: 40 characters of `[A-Za-z0-9~._-]`.
    pub fn next_secret_text(&mut self) -> String {
        const ALPHABET: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";
        let mut out = String::with_capacity(40);
        let mut bits = self.next_bits();
        for index in 0..40 {
            if index == 20 {
                bits = self.next_bits();
            }
            out.push(ALPHABET[(bits % ALPHABET.len() as u128) as usize] as char);
            bits /= ALPHABET.len() as u128;
        }
        out
    }

    /// A certificate thumbprint: 40 upper-case hex digits (SHA-1 sized).
    pub fn next_thumbprint(&mut self) -> String {
        let first = self.next_bits();
        let second = self.next_bits();
        format!("{first:032X}{:08X}", (second >> 96) as u32)
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_look_like_version_4_guids_and_round_trip() {
        let mut generator = IdGenerator::new(7);
        let guid = generator.next_guid();
        let text = guid.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(Guid::parse(&text.to_uppercase()), Some(guid));
    }

    #[test]
    fn the_same_seed_gives_the_same_guids_and_different_seeds_differ() {
        let mut a = IdGenerator::new(1);
        let mut b = IdGenerator::new(1);
        let mut c = IdGenerator::new(2);
        let first = a.next_guid();
        assert_eq!(first, b.next_guid());
        assert_ne!(first, c.next_guid());
        assert_ne!(first, a.next_guid());
    }

    #[test]
    fn arm_keys_nest_on_segment_boundaries_only() {
        let group = ArmKey::of("/subscriptions/S/resourceGroups/rg");
        assert!(ArmKey::of("/subscriptions/s/resourcegroups/RG/providers/x/y/z").is_within(&group));
        assert!(!ArmKey::of("/subscriptions/s/resourcegroups/rg2").is_within(&group));
    }
}
