#[allow(clippy::all, unused_variables, unreachable_code)]
const _: () = {
    impl<'a> ::netlink_runtime::codec::SubMessage<'a> for Data<'a> {
        const NAME: &'static str = "t-data";
        fn decode(
            __selector: ::core::option::Option<::netlink_runtime::Attr<'a>>,
            __data: ::netlink_runtime::Attr<'a>,
        ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ValueError> {
            let __sel = ::netlink_runtime::codec::selector_str(__selector);
            if __sel == b"a" {
                return ::core::result::Result::Ok(
                    Self::A(
                        <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<
                            'a,
                            Inner,
                        >>::decode(__data)?,
                    ),
                );
            }
            return ::core::result::Result::Ok(
                Self::Other(
                    <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Decode<
                        'a,
                        &'a [u8],
                    >>::decode(__data)?,
                ),
            );
        }
        fn encode(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
            match self {
                Self::A(v) => {
                    <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Encode<
                        Inner,
                    >>::encode(v, kind, b)
                }
                Self::Other(v) => {
                    <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Encode<
                        &'a [u8],
                    >>::encode(v, kind, b)
                }
            }
        }
        fn encode_selector(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
            match self {
                Self::A(_) => {
                    b.attr_str(kind, "a");
                }
                Self::Other(_) => {}
            }
        }
    }
};
