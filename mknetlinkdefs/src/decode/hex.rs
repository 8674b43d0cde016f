//! Reading plain hex: the bytes of one buffer as hex digits, spaces and newlines ignored.
//!
//! `0x` prefixes, `,` and `:` separators are allowed too (so C arrays and `aa:bb:cc` strings
//! paste as they are), and `#` starts a comment that runs to the end of the line.

use super::{Datagram, Item, Origin, Problem};

/// Reads plain hex into one datagram. A character that is no hex digit is reported with its
/// line and column and skipped; an odd number of digits drops the last one, reported.
pub fn read(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut bytes = Vec::new();
    let mut rows = Vec::new();
    let mut high: Option<(u8, usize)> = None;
    let mut first_line = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let content = line.split('#').next().unwrap_or("");
        let mut row_started = false;
        let mut bad: Option<(usize, char)> = None;
        let mut bad_count = 0usize;
        let mut chars = content.char_indices().peekable();
        while let Some((col, c)) = chars.next() {
            if c.is_whitespace() || c == ',' || c == ':' {
                continue;
            }
            if c == '0' && matches!(chars.peek(), Some((_, 'x' | 'X'))) && high.is_none() {
                chars.next();
                continue;
            }
            let Some(v) = c.to_digit(16) else {
                bad.get_or_insert((col + 1, c));
                bad_count += 1;
                continue;
            };
            match high.take() {
                None => high = Some((v as u8, line_no)),
                Some((h, _)) => {
                    if !row_started {
                        rows.push((bytes.len(), line_no));
                        row_started = true;
                    }
                    first_line.get_or_insert(line_no);
                    bytes.push(h << 4 | v as u8);
                }
            }
        }
        if let Some((col, c)) = bad {
            let more = match bad_count {
                1 => String::new(),
                n => format!(" ({} more on this line)", n - 1),
            };
            items.push(Item::Problem(Problem {
                origin: Some(Origin::Line(line_no)),
                message: format!("column {col}: {c:?} is not a hex digit, skipped{more}"),
            }));
        }
    }
    if let Some((_, line)) = high {
        items.push(Item::Problem(Problem {
            origin: Some(Origin::Line(line)),
            message: "odd number of hex digits: the last one is ignored".to_owned(),
        }));
    }
    if !bytes.is_empty() {
        items.push(Item::Datagram(Datagram {
            bytes,
            origin: Some(Origin::Line(first_line.unwrap_or(1))),
            rows,
            ..Datagram::default()
        }));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_lines() {
        let items = read("# a comment\n14 00 00 00\n0x03,0x00 0200\n");
        let Item::Datagram(d) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(d.bytes, [0x14, 0, 0, 0, 3, 0, 2, 0]);
        assert_eq!(d.origin_of(5), Some(Origin::Line(3)));
        let items = read("14 zz 0");
        assert_eq!(items.len(), 3, "{items:?}");
    }
}
