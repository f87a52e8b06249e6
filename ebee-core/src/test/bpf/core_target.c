/* Target BTF for the CO-RE tests: a variant of ebee_core_t with fields moved, resized and renamed by flavour. */
struct ebee_core_t___v2 {
    long long b;
    int c;
    short other;
    unsigned int flags_lo:8, flags_hi:12;
    int a;
};
enum ebee_core_e { EBEE_ZERO = 0, EBEE_TWO = 20, EBEE_ONE = 10 };
struct ebee_core_t___v2 target_instance;
enum ebee_core_e target_enum;
