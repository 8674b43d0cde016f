//! Record layout as gcc does it for the x86_64 System V ABI.
//!
//! Kept free of parsing so the rules can be read (and tested) on their own:
//! - a member is placed at the next multiple of its alignment; the record's alignment is the
//!   largest member alignment and its size is rounded up to it;
//! - a bitfield is placed at the next free bit unless it would cross a boundary of its type's
//!   alignment, in which case it starts at that boundary (SysV ABI 3.1.2); `:0` moves to the next
//!   boundary; unnamed bitfields do not raise the record's alignment;
//! - `packed` makes the alignment of members 1 (so bitfields may straddle), except for an
//!   `aligned(N)` written on the member itself, which packing does not override;
//! - `aligned(N)` on a member or a record only ever raises the alignment.

/// One member, as layout sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberIn {
    /// Size of the member's type in bytes (0 for a flexible array).
    pub size: u64,
    /// Alignment of the member's type.
    pub align: u64,
    /// `aligned(N)` written on the member declaration.
    pub user_align: Option<u64>,
    /// Bitfield width, if a bitfield.
    pub bit_width: Option<u32>,
    /// Has a name (unnamed bitfields don't affect the record's alignment).
    pub named: bool,
    /// `packed` written on the member.
    pub packed: bool,
}

/// Record-level attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RecordIn {
    /// A union: every member at offset 0.
    pub union: bool,
    /// `__attribute__((packed))` on the record.
    pub packed: bool,
    /// `__attribute__((aligned(N)))` on the record.
    pub align: Option<u64>,
    /// `#pragma pack(N)` in force: no member is aligned more than N.
    pub max_align: Option<u64>,
}

/// Result of laying out a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutOut {
    /// Bit offset of each member from the start of the record.
    pub bit_offsets: Vec<u64>,
    /// `sizeof`
    pub size: u64,
    /// `_Alignof`
    pub align: u64,
}

/// Why a layout could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError(pub String);

fn round_up(v: u64, to: u64) -> Result<u64, LayoutError> {
    if to <= 1 {
        return Ok(v);
    }
    v.checked_add(to - 1)
        .map(|x| x / to * to)
        .ok_or_else(|| LayoutError("record too large".into()))
}

/// The largest alignment gcc accepts on x86_64 ELF (`aligned(1 << 29)` is an error there).
pub const MAX_ALIGN: u64 = 1 << 28;

fn valid_align(a: u64) -> Result<u64, LayoutError> {
    if a == 0 || !a.is_power_of_two() {
        Err(LayoutError(format!("alignment {a} is not a power of two")))
    } else if a > MAX_ALIGN {
        Err(LayoutError(format!(
            "alignment {a} exceeds the maximum gcc allows, {MAX_ALIGN}"
        )))
    } else {
        Ok(a)
    }
}

/// Lays out `members` in order.
pub fn layout(record: RecordIn, members: &[MemberIn]) -> Result<LayoutOut, LayoutError> {
    let too_large = || LayoutError("record too large".into());
    let mut bit_offsets = Vec::with_capacity(members.len());
    let mut align = 1u64;
    let mut end_bits = 0u64; // first free bit (struct) or largest member (union)
    for m in members {
        valid_align(m.align)?;
        if let Some(u) = m.user_align {
            valid_align(u)?;
        }
        let packed = record.packed || m.packed;
        // Alignment of the member as a declaration: packing defeats the type's alignment but
        // not an alignment written on the member itself.
        let field_align = match (packed, m.user_align) {
            (true, Some(u)) => u,
            (true, None) => 1,
            (false, Some(u)) => u.max(m.align),
            (false, None) => m.align,
        };
        // `#pragma pack` caps every alignment, even one written on the member.
        let field_align = record.max_align.map_or(field_align, |n| field_align.min(n));
        let type_bits = m.size.checked_mul(8).ok_or_else(too_large)?;
        let start = if record.union { 0 } else { end_bits };
        let (offset, width) = match m.bit_width {
            None => {
                let off = round_up(start, field_align.checked_mul(8).ok_or_else(too_large)?)?;
                align = align.max(field_align);
                (off, type_bits)
            }
            Some(w) => {
                let w = u64::from(w);
                if w > type_bits {
                    return Err(LayoutError("bitfield wider than its type".into()));
                }
                let unit = m.align.checked_mul(8).ok_or_else(too_large)?;
                let mut off = start;
                if let Some(u) = m.user_align {
                    off = round_up(off, u.checked_mul(8).ok_or_else(too_large)?)?;
                }
                if w == 0 {
                    // `:0` aligns to its type even under `#pragma pack`.
                    if !packed {
                        off = round_up(off, unit)?;
                    }
                } else if !packed && unit > 0 && record.max_align.is_none() {
                    // gcc drops the no-straddle rule under `#pragma pack`.
                    let last = off.checked_add(w - 1).ok_or_else(too_large)?;
                    if off / unit != last / unit {
                        off = round_up(off, unit)?;
                    }
                }
                if m.named && w > 0 {
                    align = align.max(if packed {
                        field_align
                    } else {
                        field_align.max(1)
                    });
                }
                (off, w)
            }
        };
        bit_offsets.push(offset);
        let end = offset.checked_add(width).ok_or_else(too_large)?;
        end_bits = end_bits.max(end);
    }
    if let Some(a) = record.align {
        align = align.max(valid_align(a)?);
    }
    let bytes = end_bits.div_ceil(8);
    let size = round_up(bytes, align)?;
    Ok(LayoutOut {
        bit_offsets,
        size,
        align,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(size: u64, align: u64) -> MemberIn {
        MemberIn {
            size,
            align,
            user_align: None,
            bit_width: None,
            named: true,
            packed: false,
        }
    }

    fn bf(size: u64, w: u32) -> MemberIn {
        MemberIn {
            bit_width: Some(w),
            ..m(size, size)
        }
    }

    fn run(r: RecordIn, ms: &[MemberIn]) -> (Vec<u64>, u64, u64) {
        let l = layout(r, ms).expect("layout");
        (l.bit_offsets, l.size, l.align)
    }

    #[test]
    fn plain_struct_with_padding() {
        // struct { char a; int b; short c; }
        assert_eq!(
            run(RecordIn::default(), &[m(1, 1), m(4, 4), m(2, 2)]),
            (vec![0, 32, 64], 12, 4)
        );
    }

    #[test]
    fn packed_and_aligned() {
        let packed = RecordIn {
            packed: true,
            ..Default::default()
        };
        assert_eq!(run(packed, &[m(1, 1), m(4, 4)]), (vec![0, 8], 5, 1));
        let aligned_member = MemberIn {
            user_align: Some(8),
            ..m(4, 4)
        };
        assert_eq!(
            run(packed, &[m(1, 1), aligned_member]),
            (vec![0, 64], 16, 8)
        );
        let aligned = RecordIn {
            align: Some(16),
            ..Default::default()
        };
        assert_eq!(run(aligned, &[m(1, 1)]), (vec![0], 16, 16));
        // aligned(N) smaller than natural on a member is ignored.
        let small = MemberIn {
            user_align: Some(1),
            ..m(4, 4)
        };
        assert_eq!(
            run(RecordIn::default(), &[m(1, 1), small]),
            (vec![0, 32], 8, 4)
        );
    }

    #[test]
    fn bitfields() {
        // struct { unsigned a:3, b:30; unsigned char c; }
        assert_eq!(
            run(RecordIn::default(), &[bf(4, 3), bf(4, 30), m(1, 1)]),
            (vec![0, 32, 64], 12, 4)
        );
        // struct { char a; int b:4; int :0; char c; } -> :0 aligns to 4
        let zero = MemberIn {
            named: false,
            ..bf(4, 0)
        };
        assert_eq!(
            run(RecordIn::default(), &[m(1, 1), bf(4, 4), zero, m(1, 1)]),
            (vec![0, 8, 32, 32], 8, 4)
        );
        // struct { char a; int :4; } unnamed bitfields do not align the struct.
        let unnamed = MemberIn {
            named: false,
            ..bf(4, 4)
        };
        assert_eq!(
            run(RecordIn::default(), &[m(1, 1), unnamed]),
            (vec![0, 8], 2, 1)
        );
        // packed: no straddle rule.
        let packed = RecordIn {
            packed: true,
            ..Default::default()
        };
        assert_eq!(run(packed, &[bf(4, 30), bf(4, 4)]), (vec![0, 30], 5, 1));
    }

    #[test]
    fn pragma_pack() {
        let pack = |n| RecordIn {
            max_align: Some(n),
            ..Default::default()
        };
        // gcc 12: pack(2) { char c; int i; long l; } -> 14, 2, offsets 0 2 6
        assert_eq!(
            run(pack(2), &[m(1, 1), m(4, 4), m(8, 8)]),
            (vec![0, 16, 48], 14, 2)
        );
        // pack(2) { char c; int x:4; int y:30; } -> bits 8 and 12 (straddling), 6, 2
        assert_eq!(
            run(pack(2), &[m(1, 1), bf(4, 4), bf(4, 30)]),
            (vec![0, 8, 12], 6, 2)
        );
        // pack(1) { char c; long l __attribute__((aligned(8))); } -> 9, 1
        let aligned = MemberIn {
            user_align: Some(8),
            ..m(8, 8)
        };
        assert_eq!(run(pack(1), &[m(1, 1), aligned]), (vec![0, 8], 9, 1));
        // pack(1) { char c; long :0; char d; } -> d at 8, 9, 1
        let zero = MemberIn {
            named: false,
            ..bf(8, 0)
        };
        assert_eq!(
            run(pack(1), &[m(1, 1), zero, m(1, 1)]),
            (vec![0, 64, 64], 9, 1)
        );
    }

    #[test]
    fn unions_and_errors() {
        let u = RecordIn {
            union: true,
            ..Default::default()
        };
        assert_eq!(run(u, &[m(1, 1), m(8, 8), bf(4, 3)]), (vec![0, 0, 0], 8, 8));
        assert!(layout(RecordIn::default(), &[m(1, 3)]).is_err());
        assert!(layout(RecordIn::default(), &[bf(1, 9)]).is_err());
        assert!(layout(RecordIn::default(), &[m(u64::MAX, 8), m(u64::MAX, 8)]).is_err());
    }
}
