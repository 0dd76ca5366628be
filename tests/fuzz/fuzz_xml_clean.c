/* fuzz_xml_clean.c: xml_clean() output written with xmlout must re-parse with libxml2 and
 * come back unchanged, as text and as an attribute, whenever the input is valid UTF-8. */
#include "fuzz.h"
#include "parse.h"
#include "xmlout.h"
#include <libxml/parser.h>
#include <libxml/tree.h>

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	char *s = fuzz_cstr(data, size);
	size_t slen = strlen(s);
	const char *c = xml_clean(&a, s);
	size_t clen = strlen(c);
	CHECK(clen <= slen);
	for (const unsigned char *p = (const unsigned char *)c; *p; p++) {
		CHECK(*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r');
		CHECK(*p != 0x7f);
	}
	/* Invalid UTF-8 is garbage in, garbage out (removing a control byte from EF 1B BF BE
	 * leaves EF BF BE): the rest holds for valid input only. */
	if (!utf8_valid(s, slen))
		goto done;
	for (const unsigned char *p = (const unsigned char *)c; *p; p++)
		if (p[0] == 0xEF && p[1] == 0xBF)
			CHECK(p[2] != 0xBE && p[2] != 0xBF);
	CHECK(utf8_valid(c, clen));

	struct xmlout x;
	CHECK(xmlout_begin(&x) == 0);
	CHECK(xmlTextWriterStartElement(x.w, BAD_CAST "doc") >= 0);
	CHECK(xmlTextWriterWriteAttribute(x.w, BAD_CAST "titre", BAD_CAST c) >= 0);
	CHECK(xmlTextWriterWriteString(x.w, BAD_CAST c) >= 0);
	CHECK(xmlTextWriterEndElement(x.w) >= 0);
	struct buf out = {0};
	CHECK(xmlout_finish(&x, &out) == 0);

	xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "fuzz.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!doc) {
		fprintf(stderr, "xmlReadMemory refused:\n%s\n", out.data);
		CHECK(doc != NULL);
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	CHECK(root && xmlStrcmp(root->name, BAD_CAST "doc") == 0);
	xmlChar *text = xmlNodeGetContent(root);
	xmlChar *attr = xmlGetProp(root, BAD_CAST "titre");
	CHECK(text && attr);
	CHECK(strcmp((const char *)text, c) == 0);
	CHECK(strcmp((const char *)attr, c) == 0);
	xmlFree(text);
	xmlFree(attr);
	xmlFreeDoc(doc);
	buf_free(&out);
done:
	free(s);
	arena_free(&a);
	return 0;
}
