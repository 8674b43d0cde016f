#define CAT(a, b) a ## b
#define STR(x) #x
#define XSTR(x) STR(x)
#define V(f, ...) f(0, ## __VA_ARGS__)
#define _IOC(dir, type, nr, size) (((dir) << 30) | ((type) << 8) | (nr) | ((size) << 16))
#define _IOWR(type, nr, size) _IOC(3U, (type), (nr), sizeof(size))
#if defined(__x86_64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LE 1
#elif 0
#error no
#else
#define LE 0
#endif
#if __has_include(<stddef.h>) && !defined(__KERNEL__)
#define HOSTED 1
#endif
enum { CAT(E_, ONE) = 1, E_TWO = E_ONE << 1, E_CHAR = 'a', E_NEG = -2, E_BIG = 0x7fffffffffffffffL };
#define GET _IOWR('x', 1, struct s)
struct s { long l; short s; };
#pragma pack(push, 1)
struct packed { char c; int i; };
#pragma pack(pop)
struct __attribute__((packed)) p2 { char c; long l; };
typedef struct { int a[2][3]; } t_anon;
#undef LE
#define LE 2
