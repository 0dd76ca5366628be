/* test_money.c: unit tests of parse_euros and the FIELD_MONEY form field (fields.c). */
#include "fields.h"
#include "fmt.h"
#include "tap.h"

static const char *const MSG_MONEY =
	"Indiquez un montant en euros, sans signe moins (exemple : 12,50).";

struct amount {
	const char *typed;
	long long cents;
};

int main(void)
{
	/* What staff type, in every form the French write it. */
	static const struct amount good[] = {
		{"0", 0},
		{"12", 1200},
		{"12,5", 1250},
		{"12,50", 1250},
		{"12.50", 1250},
		{"12,05", 1205},
		{"0,99", 99},
		{"007", 700},
		{"1234,50", 123450},
		{"1 234,50", 123450},
		{"1\xc2\xa0" "234,50", 123450},      /* U+00A0 no-break space */
		{"1\xe2\x80\xaf" "234,50", 123450},  /* U+202F narrow no-break space */
		{"12 345 678", 1234567800},
		{"999999999,99", 99999999999LL},
		{"12 €", 1200},
		{"12,50€", 1250},
		{"1\xe2\x80\xaf" "234,50\xc2\xa0€", 123450}, /* fmt_money's own output */
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t cents = -1;
		bool r = parse_euros(good[i].typed, &cents);
		ok(r, "parse_euros accepts \"%s\"", good[i].typed);
		is_int(cents, good[i].cents, "\"%s\" is %lld cents", good[i].typed, good[i].cents);
	}

	static const char *const bad[] = {
		"", " ", "-5", "-0,50", "+5", "12,505", "12.345", "0,001", "douze", "12a", "a12",
		"12,", ",50", ".5", "12,5a", "1,2,3", "12 ,50", "1 23", "12 34", "1234 567",
		"1 2345", " 12", "12 ", "1  234", "1e3", "0x10", "12,50 EUR", "€12", "12 € ",
		"1000000000", "1 000 000 000", "12\xe2\x82\xac\xe2\x82\xac", "１２",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t cents = 4242;
		ok(!parse_euros(bad[i], &cents), "parse_euros refuses \"%s\"", bad[i]);
		is_int(cents, 4242, "\"%s\" leaves *cents alone", bad[i]);
	}
	ok(parse_euros("3,10", NULL), "parse_euros may be asked only whether it parses");

	/* Round trip: whatever fmt_money writes reads back to the same cents. */
	static const long long trip[] = {0, 5, 99, 100, 1250, 123450, 100000000, 99999999999LL};
	for (size_t i = 0; i < sizeof trip / sizeof trip[0]; i++) {
		char out[FMT_MAX];
		int64_t cents = -1;
		fmt_money(out, trip[i]);
		ok(parse_euros(out, &cents) && cents == trip[i], "fmt_money(%lld) reads back", trip[i]);
	}

	/* FIELD_MONEY in a form: trimmed, optional or required, cents in num, French messages. */
	struct arena a = {0};
	const struct field_def price = {"prix", FIELD_MONEY, false, 0, 0, NULL};
	const struct field_def price_req = {"prix", FIELD_MONEY, true, 0, 0, NULL};
	struct kvlist src = {0};
	struct field_value v;
	kv_add(&a, &src, "prix", "  1 234,5 ", 10);
	is_int((long long)form_read(&a, &src, &price, 1, &v), 0, "\" 1 234,5 \" is a valid price");
	ok(v.valid && v.present, "valid and present");
	is_int(v.num, 123450, "num holds the cents");
	is_str(v.str, "1 234,5", "str holds the trimmed value for redisplay");

	struct kvlist neg = {0};
	kv_add(&a, &neg, "prix", "-3", 2);
	is_int((long long)form_read(&a, &neg, &price, 1, &v), 1, "a negative price is an error");
	is_str(v.error, MSG_MONEY, "with the French money message");
	is_str(v.str, "-3", "and the value typed kept for redisplay");

	struct kvlist three = {0};
	kv_add(&a, &three, "prix", "12,505", 6);
	is_int((long long)form_read(&a, &three, &price, 1, &v), 1, "three decimals are an error");
	is_str(v.error, MSG_MONEY, "with the French money message");

	struct kvlist empty = {0};
	kv_add(&a, &empty, "prix", "", 0);
	is_int((long long)form_read(&a, &empty, &price, 1, &v), 0, "an empty optional price is fine");
	ok(v.valid && !v.present, "valid and not present (free)");
	is_int((long long)form_read(&a, &empty, &price_req, 1, &v), 1, "an empty required price is missing");
	is_str(v.error, "Ce champ est obligatoire.", "with the missing message, not the invalid one");
	arena_free(&a);
	return done_testing();
}
