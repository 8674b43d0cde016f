#[allow(clippy::all, unused_variables, unused_mut, unused_assignments)]
const _: () = {
    impl<'a> ::netlink_runtime::codec::FromMessage<'a> for Route<'a> {
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
            let mut __f_ip = ::core::option::Option::None;
            let mut __f_u32 = ::core::option::Option::None;
            let mut __f_str = ::core::option::Option::None;
            for __a in __attrs {
                let __a = __a
                    .map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(
                        "t",
                        __NAMES,
                        e,
                    ))?;
                match __a.kind() {
                    18u16 => {
                        __f_ip = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::ip as ::netlink_runtime::codec::Decode<
                                'a,
                                std::net::IpAddr,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_IP",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
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
                    13u16 => {
                        __f_str = ::core::option::Option::Some(
                            <::netlink_runtime::codec::wire::string as ::netlink_runtime::codec::Decode<
                                'a,
                                &'a str,
                            >>::decode(__a)
                                .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                    "t",
                                    "T_STR",
                                    &__a,
                                    e,
                                ))?,
                        );
                    }
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self {
                family: __f_family,
                ip: __f_ip,
                u32: match __f_u32 {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::netlink_runtime::codec::DecodeError::missing("t", "T_U32"),
                        );
                    }
                },
                str: __f_str,
            })
        }
    }
    impl<'a> Route<'a> {
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
    impl<'a> ::netlink_runtime::codec::ToMessage for Route<'a> {
        fn write_payload(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
            let mut __h = [0u8; 12usize];
            ::netlink_runtime::codec::put_at(
                &mut __h,
                0usize,
                &self.family.to_ne_bytes(),
            );
            __b.push_header_bytes(&__h);
            if let ::core::option::Option::Some(__v) = &self.ip {
                <::netlink_runtime::codec::wire::ip as ::netlink_runtime::codec::Encode<
                    std::net::IpAddr,
                >>::encode(__v, 18u16, __b);
            }
            <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Encode<
                u32,
            >>::encode(&self.u32, 3u16, __b);
            if let ::core::option::Option::Some(__v) = &self.str {
                <::netlink_runtime::codec::wire::string as ::netlink_runtime::codec::Encode<
                    &'a str,
                >>::encode(__v, 13u16, __b);
            }
        }
    }
};
