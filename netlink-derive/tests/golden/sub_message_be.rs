#[allow(clippy::all, unused_variables, unreachable_code)]
const _: () = {
    impl<'__nl> ::netlink_runtime::codec::SubMessage<'__nl> for ProtoData {
        const NAME: &'static str = "t-proto";
        fn decode(
            __selector: ::core::option::Option<::netlink_runtime::Attr<'__nl>>,
            __data: ::netlink_runtime::Attr<'__nl>,
        ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ValueError> {
            let __num = ::netlink_runtime::codec::selector_int_be(__selector);
            if __num == ::core::option::Option::Some(2048u64) {
                return ::core::result::Result::Ok(
                    Self::V4(
                        <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<
                            '__nl,
                            Inner,
                        >>::decode(__data)?,
                    ),
                );
            }
            if __num == ::core::option::Option::Some(34525u64) {
                return ::core::result::Result::Ok(
                    Self::V6(
                        <::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Decode<
                            '__nl,
                            t::tstats,
                        >>::decode(__data)?,
                    ),
                );
            }
            ::core::result::Result::Err(
                ::netlink_runtime::codec::ValueError::UnknownFormat,
            )
        }
        fn encode(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
            match self {
                Self::V4(v) => {
                    <::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Encode<
                        Inner,
                    >>::encode(v, kind, b)
                }
                Self::V6(v) => {
                    <::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Encode<
                        t::tstats,
                    >>::encode(v, kind, b)
                }
            }
        }
        fn encode_selector(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
            match self {
                Self::V4(_) => {
                    b.attr(kind, &(2048u64 as u16).to_be_bytes());
                }
                Self::V6(_) => {
                    b.attr(kind, &(34525u64 as u16).to_be_bytes());
                }
            }
        }
    }
};
