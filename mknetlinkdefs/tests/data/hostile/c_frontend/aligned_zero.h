struct s { int a; } __attribute__((aligned(0)));
struct t { char a __attribute__((aligned(0))); char b; };
typedef int ti __attribute__((aligned(0)));
struct u { char c; ti i; };
struct v { char c; _Alignas(0) int i; };
