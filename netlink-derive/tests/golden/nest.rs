#[allow(clippy::all, unused_variables, unused_mut, unused_assignments)]
const _: () = {
    const _: () = ::core::assert!(
        ::netlink_runtime::codec::str_eq(< Inner < 'static > as
        ::netlink_runtime::codec::FromAttrs < 'static > > ::SET, "inner"),
        "attribute IN_C is a nest of set `inner`: its field must be a struct derived with attributes = \"inner\"",
    );
    impl<'a> ::netlink_runtime::codec::FromAttrs<'a> for Inner<'a> {
        const SET: &'static str = "inner";
        #[inline]
        fn from_attrs(
            __attrs: ::netlink_runtime::Attrs<'a>,
        ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
            const __NAMES: &[(u16, &str)] = &[
                (1u16, "IN_A"),
                (2u16, "IN_B"),
                (3u16, "IN_C"),
            ];
            let mut __out = Self {
                a: ::std::vec::Vec::new(),
                c: ::core::option::Option::None,
                rest: ::std::vec::Vec::new(),
            };
            for __a in __attrs {
                let __a = __a
                    .map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(
                        "inner",
                        __NAMES,
                        e,
                    ))?;
                match __a.kind() {
                    1u16 => {
                        __out
                            .a
                            .push(
                                <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Decode<
                                    'a,
                                    u32,
                                >>::decode(__a)
                                    .map_err(|e| ::netlink_runtime::codec::DecodeError::value(
                                        "inner",
                                        "IN_A",
                                        &__a,
                                        e,
                                    ))?,
                            );
                    }
                    3u16 => {
                        __out.c = ::core::option::Option::Some(
                            ::netlink_runtime::codec::Lazy::new(
                                __a,
                                <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<
                                    'a,
                                    Inner<'a>,
                                >>::decode,
                                "inner",
                                "IN_C",
                            ),
                        );
                    }
                    _ => __out.rest.push(__a),
                }
            }
            ::core::result::Result::Ok(__out)
        }
    }
    impl<'a> ::netlink_runtime::codec::ToAttrs for Inner<'a> {
        fn to_attrs(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
            for __v in &self.a {
                <::netlink_runtime::codec::wire::u32 as ::netlink_runtime::codec::Encode<
                    u32,
                >>::encode(__v, 1u16, __b);
            }
            if let ::core::option::Option::Some(__v) = &self.c {
                ::netlink_runtime::codec::encode_lazy(__v, 3u16, __b);
            }
            for __a in &self.rest {
                __b.attr(__a.kind() | __a.flags(), __a.payload());
            }
        }
    }
};
