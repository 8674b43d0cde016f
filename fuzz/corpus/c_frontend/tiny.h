enum { A = 1 };
#define B (A + 2)
struct x { int y; };
