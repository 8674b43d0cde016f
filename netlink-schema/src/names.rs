//! Naming rules shared by the generator and the derive, so both cut C names the same way.

/// The longest prefix all `names` share, cut after its last `_` (`RTA_DST`, `RTA_SRC` ->
/// `RTA_`); empty when they share no `_`-terminated prefix or there are no names.
pub fn common_prefix<'a>(names: impl IntoIterator<Item = &'a str>) -> &'a str {
    let mut iter = names.into_iter();
    let Some(first) = iter.next() else {
        return "";
    };
    let mut len = first.len();
    for n in iter {
        len = first
            .bytes()
            .zip(n.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let prefix = first.get(..len).unwrap_or_default();
    prefix.rfind('_').map_or("", |i| &first[..=i])
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    fn cuts_at_underscore() {
        assert_eq!(common_prefix(["FOO_BAR", "FOO_BAZ"]), "FOO_");
        assert_eq!(common_prefix(["A_B_C", "A_B_D"]), "A_B_");
        assert_eq!(common_prefix(["ABC", "ABD"]), "");
        assert_eq!(common_prefix(["ONLY_ONE"]), "ONLY_");
        assert_eq!(common_prefix([]), "");
    }
}
