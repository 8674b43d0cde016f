#ifndef _FUZZ_NETLINK_LIKE_H
#define _FUZZ_NETLINK_LIKE_H
#include <linux/types.h>
#define FOO_GENL_NAME "foo"
#define FOO_GENL_VERSION 0x1
#define FOO_F_A (1U << 0)
#define FOO_F_B (1U << 1)
#define FOO_F_ALL (FOO_F_A | FOO_F_B)
enum foo_cmd { FOO_CMD_UNSPEC, FOO_CMD_GET, FOO_CMD_SET, __FOO_CMD_MAX };
#define FOO_CMD_MAX (__FOO_CMD_MAX - 1)
enum {
	FOO_A_UNSPEC,
	FOO_A_NAME,	/* string */
	FOO_A_ID,	/* u32 */
	FOO_A_NEST,	/* nest */
	FOO_A_PAD,
	__FOO_A_MAX,
};
#define FOO_A_MAX (__FOO_A_MAX - 1)
struct foo_hdr {
	__u8 family;
	__u8 pad1;
	__u16 pad2;
	__s32 index;
	__u32 flags;
	__u32 change;
};
struct foo_bits {
	__u32 a:3, b:5;
	__u8 c:1;
	__be16 port;
	__u64 big __attribute__((aligned(8)));
	char name[16];
	union { __u32 v4; __u8 v6[16]; } addr;
	struct { __u16 x; __u16 y; };
	__u8 tail[];
};
#endif
