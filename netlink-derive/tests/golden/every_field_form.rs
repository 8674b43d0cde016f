#[allow(clippy::all, unused_variables, unused_mut, unused_assignments)]
const _: () = {
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< t::tstats as ::netlink_runtime::codec::Record
        > ::C_NAME, "tstats"),
        "attribute T_STATS holds struct `tstats`: its field must have the type schema! generates for `tstats`",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< t::Color as ::netlink_runtime::codec::CEnum >
        ::C_NAME, "color"),
        "attribute T_COLOR holds values of enum `color`: its field must be the enum schema! generates for `color` (or the integer type)",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Inner as ::netlink_runtime::codec::FromAttrs <
        'static > > ::SET, "inner"),
        "attribute T_NEST is a nest of set `inner`: its field must be a struct derived with attributes = \"inner\"",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Inner as ::netlink_runtime::codec::FromAttrs <
        'static > > ::SET, "inner"),
        "attribute T_LIST is an indexed-array of nests of set `inner`: its element type must be a struct derived with attributes = \"inner\"",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Hop as ::netlink_runtime::codec::FromMessage <
        'static > > ::HEADER, "thop"),
        "attribute T_HOPS is a list of `thop` records followed by attributes of set `inner`: its element type must be derived with header = \"thop\", attributes = \"inner\"",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Hop as ::netlink_runtime::codec::FromMessage <
        'static > > ::SET, "inner"),
        "attribute T_HOPS is a list of `thop` records followed by attributes of set `inner`: its element type must be derived with header = \"thop\", attributes = \"inner\"",
    );
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Data < 'static > as
        ::netlink_runtime::codec::SubMessage < 'static > > ::NAME, "t-data"),
        "attribute T_DATA is sub-message `t-data`: its field must be an enum derived with sub_message = \"t-data\"",
    );
    impl<'a> ::netlink_runtime::codec::FromMessage<'a> for All<'a> {
        const HEADER_LEN: usize = 12usize;
        const HEADER: &'static str = "tmsg";
        const SET: &'static str = "t";
        #[inline]
        fn from_payload(
            __payload: &'a [u8],
        ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
            if __payload.len() < 12usize {
                return ::core::result::Result::Err(::netlink_runtime::codec::DecodeError {
                    set: "t",
                    attr: "",
                    offset: 16,
                    kind: ::netlink_runtime::codec::DecodeErrorKind::HeaderTooShort {
                        need: 12usize,
                        have: __payload.len(),
                    },
                });
            }
            let __h: [u8; 12usize] = ::netlink_runtime::codec::padded(
                __payload.get(0usize..).unwrap_or_default(),
            );
            let __f_family = u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__h, 0usize),
            );
            let __f_port = u16::from_be_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__h, 2usize),
            );
            let __f_index: t::Color = <t::Color as ::netlink_runtime::codec::CEnum>::from_raw(
                i32::from_ne_bytes(
                    ::netlink_runtime::codec::array_at::<4usize>(&__h, 4usize),
                ) as i64,
            );
            let __attrs = ::netlink_runtime::codec::attrs_after(__payload, 12usize);
            const __NAMES: &[(u16, &str)] = &[
                (34u16, "T_ADDR6"),
                (11u16, "T_BE16"),
                (12u16, "T_BE32"),
                (35u16, "T_BES16"),
                (36u16, "T_BES32"),
                (37u16, "T_BES64"),
                (14u16, "T_BIN"),
                (21u16, "T_BITS"),
                (22u16, "T_COLOR"),
                (31u16, "T_DATA"),
                (15u16, "T_FLAG"),
                (28u16, "T_HOPS"),
                (18u16, "T_IP"),
                (30u16, "T_KIND"),
                (24u16, "T_LIST"),
                (19u16, "T_MAC"),
                (25u16, "T_MULTI"),
                (23u16, "T_NEST"),
                (27u16, "T_PAD"),
                (39u16, "T_PDATA"),
                (38u16, "T_PROTO"),
                (26u16, "T_RAW"),
                (6u16, "T_S16"),
                (7u16, "T_S32"),
                (8u16, "T_S64"),
                (5u16, "T_S8"),
                (32u16, "T_SHAPE"),
                (10u16, "T_SINT"),
                (20u16, "T_STATS"),
                (13u16, "T_STR"),
                (33u16, "T_TBITS"),
                (2u16, "T_U16"),
                (3u16, "T_U32"),
                (29u16, "T_U32S"),
                (4u16, "T_U64"),
                (1u16, "T_U8"),
                (9u16, "T_UINT"),
                (0u16, "T_UNSPEC"),
                (16u16, "T_V4"),
                (17u16, "T_V6"),
            ];
            let mut __f_u32 = ::core::option::Option::None;
            let mut __f_be16 = ::core::option::Option::None;
            let mut __f_bes32 = ::core::option::Option::None;
            let mut __f_flag = false;
            let mut __f_stats = ::core::option::Option::None;
            let mut __f_color = ::core::option::Option::None;
            let mut __f_nest = ::core::option::Option::None;
            let mut __f_list = ::std::vec::Vec::new();
            let mut __f_multi = ::std::vec::Vec::new();
            let mut __f_hops = ::std::vec::Vec::new();
            let mut __f_u32s = ::std::vec::Vec::new();
            let mut __f_kind = ::core::option::Option::None;
            let mut __sel_30: ::core::option::Option<::netlink_runtime::Attr<'a>> = ::core::option::Option::None;
            let mut __sm_data: ::core::option::Option<::netlink_runtime::Attr<'a>> = ::core::option::Option::None;
            let mut __f_data = ::core::option::Option::None;
            for __a in __attrs {
                let __a = __a
                    .map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(
                        "t",
                        __NAMES,
                        e,
                    ))?;
                match __a.kind() {
                    3u16 => {
                        __f_u32 = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Decode<
                                'a,
                                u32,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_U32",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    11u16 => {
                        __f_be16 = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::be16 as ::netlink_runtime::codec::Decode<
                                'a,
                                u16,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_BE16",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    36u16 => {
                        __f_bes32 = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::bes32 as ::netlink_runtime::codec::Decode<
                                'a,
                                i32,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_BES32",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    15u16 => {
                        __f_flag = true;
                    }
                    20u16 => {
                        __f_stats = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Decode<
                                'a,
                                t::tstats,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_STATS",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    22u16 => {
                        __f_color = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::u8 as ::netlink_runtime::codec::Decode<
                                'a,
                                t::Color,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_COLOR",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    23u16 => {
                        __f_nest = ::core::option::Option::Some(
                            ::netlink_runtime::codec::Lazy::new(
                                __a,
                                <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<
                                    'a,
                                    Inner,
                                >>::decode,
                                "t",
                                "T_NEST",
                            ),
                        );
                    }
                    24u16 => {
                        for __e in __a.nested() {
                            let __e = __e
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(
                                    "t",
                                    __NAMES,
                                    e,
                                ))?;
                            __f_list
                                .push(
                                    <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<
                                        'a,
                                        Inner,
                                    >>::decode(__e)
                                        .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                            "t",
                                            "T_LIST",
                                            &__e,
                                            e,
                                        ))?,
                                );
                        }
                    }
                    25u16 => {
                        __f_multi
                            .push(
                                <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Decode<
                                    'a,
                                    u32,
                                >>::decode(__a)
                                    .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                        "t",
                                        "T_MULTI",
                                        &__a,
                                        e,
                                    ))?,
                            );
                    }
                    28u16 => {
                        ::netlink_runtime::codec::decode_records::<
                            Hop,
                        >(__a, 0usize, 2usize, &mut __f_hops)
                            .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                "t",
                                "T_HOPS",
                                &__a,
                                e,
                            ))?;
                    }
                    29u16 => {
                        for __e in __a.nested() {
                            let __e = __e
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(
                                    "t",
                                    __NAMES,
                                    e,
                                ))?;
                            __f_u32s
                                .push(
                                    <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Decode<
                                        'a,
                                        u32,
                                    >>::decode(__e)
                                        .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                            "t",
                                            "T_U32S",
                                            &__e,
                                            e,
                                        ))?,
                                );
                        }
                    }
                    30u16 => {
                        __f_kind = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::string as ::netlink_runtime::codec::Decode<
                                'a,
                                &'a str,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_KIND",
                                    &__a,
                                    e,
                                ))?,
                        );
                        __sel_30 = ::core::option::Option::Some(__a);
                    }
                    31u16 => {
                        __sm_data = ::core::option::Option::Some(__a);
                    }
                    _ => {}
                }
            }
            __f_data = match __sm_data {
                ::core::option::Option::Some(__a) => {
                    ::core::option::Option::Some(
                        <Data<
                            'a,
                        > as ::netlink_runtime::codec::SubMessage<
                            'a,
                        >>::decode(__sel_30, __a)
                            .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                "t",
                                "T_DATA",
                                &__a,
                                e,
                            ))?,
                    )
                }
                ::core::option::Option::None => ::core::option::Option::None,
            };
            ::core::result::Result::Ok(Self {
                family: __f_family,
                port: __f_port,
                index: __f_index,
                u32: match __f_u32 {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::netlink_runtime::codec::DecodeError::missing("t", "T_U32"),
                        );
                    }
                },
                be16: __f_be16,
                bes32: __f_bes32,
                flag: __f_flag,
                stats: __f_stats,
                color: __f_color,
                nest: __f_nest,
                list: __f_list,
                multi: __f_multi,
                hops: __f_hops,
                u32s: __f_u32s,
                kind: __f_kind,
                data: __f_data,
                skipped: ::core::default::Default::default(),
            })
        }
    }
    impl<'a> All<'a> {
        ///Decodes `payload` (after `nlmsghdr`) unless `keep`, shown the fixed header (`tmsg`) first, says no: a dump can drop messages before their attributes are looked at. Message definition: `t`.
        #[inline]
        pub fn from_payload_if<__H: ::netlink_runtime::codec::Record>(
            __payload: &'a [u8],
            keep: impl ::core::ops::FnOnce(&__H) -> bool,
        ) -> ::core::result::Result<
            ::core::option::Option<Self>,
            ::netlink_runtime::codec::DecodeError,
        > {
            const {
                assert!(
                    ::netlink_runtime::codec::str_eq(< __H as
                    ::netlink_runtime::codec::Record > ::C_NAME, "tmsg"),
                    concat!("the filter's header type must be the schema's `", "tmsg",
                    "`"),
                )
            };
            let __fixed = __payload.get(0usize..).unwrap_or_default();
            if !keep(&<__H as ::netlink_runtime::codec::Record>::read(__fixed)) {
                return ::core::result::Result::Ok(::core::option::Option::None);
            }
            <Self as ::netlink_runtime::codec::FromMessage<'a>>::from_payload(__payload)
                .map(::core::option::Option::Some)
        }
        /// [`Self::from_payload_if`] on a received message.
        #[inline]
        pub fn from_message_if<__H: ::netlink_runtime::codec::Record>(
            msg: &::netlink_runtime::Message<'a>,
            keep: impl ::core::ops::FnOnce(&__H) -> bool,
        ) -> ::core::result::Result<
            ::core::option::Option<Self>,
            ::netlink_runtime::codec::DecodeError,
        > {
            Self::from_payload_if(msg.payload(), keep)
        }
    }
    impl<'a> ::netlink_runtime::codec::ToMessage for All<'a> {
        fn write_payload(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
            let mut __h = [0u8; 12usize];
            ::netlink_runtime::codec::put_at(
                &mut __h,
                0usize,
                &self.family.to_ne_bytes(),
            );
            ::netlink_runtime::codec::put_at(&mut __h, 2usize, &self.port.to_be_bytes());
            ::netlink_runtime::codec::put_at(
                &mut __h,
                4usize,
                &(::netlink_runtime::codec::CEnum::to_raw(self.index) as i32)
                    .to_ne_bytes(),
            );
            __b.push_header_bytes(&__h);
            <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Encode<
                u32,
            >>::encode(&self.u32, 3u16, __b);
            if let ::core::option::Option::Some(__v) = &self.be16 {
                <::netlink_runtime::codec::wire::be16 as ::netlink_runtime::codec::Encode<
                    u16,
                >>::encode(__v, 11u16, __b);
            }
            if let ::core::option::Option::Some(__v) = &self.bes32 {
                <::netlink_runtime::codec::wire::bes32 as ::netlink_runtime::codec::Encode<
                    i32,
                >>::encode(__v, 36u16, __b);
            }
            <::netlink_runtime::codec::wire::flag as ::netlink_runtime::codec::Encode<
                bool,
            >>::encode(&self.flag, 15u16, __b);
            if let ::core::option::Option::Some(__v) = &self.stats {
                <::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Encode<
                    t::tstats,
                >>::encode(__v, 20u16, __b);
            }
            if let ::core::option::Option::Some(__v) = &self.color {
                <::netlink_runtime::codec::wire::u8 as ::netlink_runtime::codec::Encode<
                    t::Color,
                >>::encode(__v, 22u16, __b);
            }
            if let ::core::option::Option::Some(__v) = &self.nest {
                ::netlink_runtime::codec::encode_lazy(__v, 23u16, __b);
            }
            if !self.list.is_empty() {
                let __n = __b.begin_nest(24u16);
                for (__i, __v) in self.list.iter().enumerate() {
                    <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Encode<
                        Inner,
                    >>::encode(__v, (__i + 1) as u16, __b);
                }
                __b.end_nest(__n);
            }
            for __v in &self.multi {
                <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Encode<
                    u32,
                >>::encode(__v, 25u16, __b);
            }
            if !self.hops.is_empty() {
                ::netlink_runtime::codec::encode_records(
                    &self.hops,
                    28u16,
                    0usize,
                    2usize,
                    __b,
                );
            }
            if !self.u32s.is_empty() {
                let __n = __b.begin_nest(29u16);
                for (__i, __v) in self.u32s.iter().enumerate() {
                    <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Encode<
                        u32,
                    >>::encode(__v, (__i + 1) as u16, __b);
                }
                __b.end_nest(__n);
            }
            if let ::core::option::Option::Some(__v) = &self.kind {
                <::netlink_runtime::codec::wire::string as ::netlink_runtime::codec::Encode<
                    &'a str,
                >>::encode(__v, 30u16, __b);
            }
            if let ::core::option::Option::Some(__v) = &self.data {
                ::netlink_runtime::codec::SubMessage::encode(__v, 31u16, __b);
            }
        }
    }
};
