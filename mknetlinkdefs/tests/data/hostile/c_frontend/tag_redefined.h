struct s { int a; };
struct s { long b; };
enum e { X };
enum e { Y };
