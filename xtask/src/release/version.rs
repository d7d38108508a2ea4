//! Version arithmetic and the `<crate>-v<version>` tag convention.
//!
//! Cargo reads semver with a shifted meaning before 1.0: in `0.y.z` the `y` plays the role of the major
//! number. [`Impact::level_for`] applies that rule so a breaking change in `0.1.3` gives `0.2.0`, not `1.0.0`.

use semver::Version;

/// Which number of a version `bump` raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Major,
    Minor,
    Patch,
}

impl Level {
    pub fn parse(word: &str) -> Result<Self, String> {
        match word {
            "major" => Ok(Self::Major),
            "minor" => Ok(Self::Minor),
            "patch" => Ok(Self::Patch),
            other => Err(format!(
                "unknown bump level `{other}` (expected major, minor, patch or current)"
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Minor => "minor",
            Self::Patch => "patch",
        }
    }

    /// The next version at this level; pre-release and build metadata are dropped.
    pub fn apply(self, version: &Version) -> Version {
        match self {
            Self::Major => Version::new(version.major + 1, 0, 0),
            Self::Minor => Version::new(version.major, version.minor + 1, 0),
            Self::Patch => Version::new(version.major, version.minor, version.patch + 1),
        }
    }
}

/// What a set of changes does to a crate's users, ordered from mildest to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Bug fixes, security fixes, documentation: nothing a user has to change.
    Fix,
    /// New items or features; existing code keeps compiling and behaving.
    Addition,
    /// Existing code may stop compiling or behave differently.
    Breaking,
}

impl Impact {
    /// The impact in a sentence: "CHANGELOG lists {}".
    pub fn described(self) -> &'static str {
        match self {
            Self::Fix => "a fix",
            Self::Addition => "an addition",
            Self::Breaking => "a breaking change",
        }
    }

    /// The bump level this impact needs from `version`, following Cargo's reading of semver.
    pub fn level_for(self, version: &Version) -> Level {
        match (self, version.major, version.minor) {
            (Self::Breaking, 0, 0) => Level::Patch,
            (Self::Breaking, 0, _) => Level::Minor,
            (Self::Breaking, _, _) => Level::Major,
            (Self::Addition, 0, _) => Level::Patch,
            (Self::Addition, _, _) => Level::Minor,
            (Self::Fix, _, _) => Level::Patch,
        }
    }
}

/// Whether Cargo lets a requirement of `from` (caret, the default) resolve to `to`. When it does not, users
/// who name both versions' types meet two distinct crates: a breaking change for whoever re-exports them.
pub fn compatible(from: &Version, to: &Version) -> bool {
    match (from.major, from.minor) {
        (0, 0) => to.major == 0 && to.minor == 0 && to.patch == from.patch,
        (0, minor) => to.major == 0 && to.minor == minor,
        (major, _) => to.major == major,
    }
}

/// The git tag that marks a release of one crate: `api-core-v0.2.0`.
pub fn tag_name(crate_name: &str, version: &Version) -> String {
    format!("{crate_name}-v{version}")
}

/// The version in a tag of `crate_name`, or `None` when the tag belongs to something else.
pub fn version_in_tag(crate_name: &str, tag: &str) -> Option<Version> {
    let rest = tag.strip_prefix(crate_name)?.strip_prefix("-v")?;
    Version::parse(rest).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn levels_raise_one_number_and_reset_the_ones_after_it() {
        assert_eq!(Level::Major.apply(&v("1.4.2")), v("2.0.0"));
        assert_eq!(Level::Minor.apply(&v("1.4.2")), v("1.5.0"));
        assert_eq!(Level::Patch.apply(&v("1.4.2")), v("1.4.3"));
        assert_eq!(Level::Patch.apply(&v("0.3.0-rc.1")), v("0.3.1"));
    }

    #[test]
    fn breaking_change_before_one_point_zero_raises_the_minor_number() {
        assert_eq!(Impact::Breaking.level_for(&v("0.1.3")), Level::Minor);
        assert_eq!(Impact::Breaking.level_for(&v("0.0.3")), Level::Patch);
        assert_eq!(Impact::Breaking.level_for(&v("1.2.3")), Level::Major);
    }

    #[test]
    fn addition_before_one_point_zero_is_a_patch_release() {
        assert_eq!(Impact::Addition.level_for(&v("0.1.3")), Level::Patch);
        assert_eq!(Impact::Addition.level_for(&v("1.2.3")), Level::Minor);
        assert_eq!(Impact::Fix.level_for(&v("1.2.3")), Level::Patch);
    }

    #[test]
    fn compatibility_follows_cargo_caret_rules() {
        assert!(compatible(&v("0.1.0"), &v("0.1.5")));
        assert!(!compatible(&v("0.1.0"), &v("0.2.0")));
        assert!(!compatible(&v("0.0.1"), &v("0.0.2")));
        assert!(compatible(&v("1.2.0"), &v("1.9.0")));
        assert!(!compatible(&v("1.2.0"), &v("2.0.0")));
    }

    #[test]
    fn tag_names_round_trip_and_ignore_other_crates() {
        let tag = tag_name("api-core", &v("0.2.0"));
        assert_eq!(tag, "api-core-v0.2.0");
        assert_eq!(version_in_tag("api-core", &tag), Some(v("0.2.0")));
        assert_eq!(version_in_tag("api", &tag), None);
        assert_eq!(version_in_tag("api-core", "api-core-vnext"), None);
    }

    #[test]
    fn unknown_level_word_is_refused() {
        assert!(Level::parse("huge").unwrap_err().contains("huge"));
    }
}
