/* test_facturx.c: doc_facturx, read back by other programs than the one that wrote it: the XML
 * extracted with poppler's pdfdetach is doc_cii's to the byte; `qpdf --check` finds the file
 * sound; the XMP (pdfinfo -meta, libxml2) says PDF/A-3b and Factur-X EN 16931 and agrees with
 * the Info dictionary; the output intent, the file specification and the fonts are what PDF/A-3
 * wants (qpdf --show-object, pdffonts). Prints the size and time of doc_facturx beside doc_pdf. */
#include "fixtures.h"
#include "tap.h"
#include <cairo.h>
#include <dlfcn.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <pango/pangocairo.h>

#define FX_NS "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

/* A Factur-X PDF written to a temporary file, and the XML it should carry. */
struct fx {
	char path[40];
	struct buf pdf, xml;
	bool ok;
};

static struct fx make(struct doc *d, const char *what)
{
	struct fx f = {.path = "/tmp/fontaine-fx.XXXXXX.pdf"};
	is_int(doc_totals(d), 0, "%s: totals", what);
	is_int(doc_facturx(d, &f.pdf), 0, "%s: doc_facturx returns 0", what);
	is_int(doc_cii(d, &f.xml), 0, "%s: doc_cii returns 0", what);
	f.ok = f.pdf.len > 0 && fix_write_temp(f.path, 4, f.pdf.data, f.pdf.len) == 0;
	ok(f.ok, "%s: written to %s", what, f.path);
	return f;
}

static void release(struct fx *f)
{
	if (f->ok)
		unlink(f->path);
	buf_free(&f->pdf);
	buf_free(&f->xml);
}

/* Runs a command on the file; returns its exit status, its output in out. */
static int run3(struct buf *out, const char *a0, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {(char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL};
	buf_reset(out);
	return fix_run(argv, out);
}

/* `qpdf --show-object=obj` of the file: the object as PDF syntax (a static copy). */
static char *show(const struct fx *f, const char *obj)
{
	char opt[64];
	snprintf(opt, sizeof opt, "--show-object=%s", obj);
	struct buf out = {0};
	run3(&out, "qpdf", opt, f->path, NULL);
	char *s = strdup(out.data ? out.data : "");
	buf_free(&out);
	return s;
}

/* The object key names in dict ("/Metadata 4 0 R" gives "4,0"); "" when there is none. */
static const char *ref(const char *dict, const char *key, char out[32])
{
	out[0] = '\0';
	char pat[64];
	snprintf(pat, sizeof pat, "%s ", key);
	const char *p = dict ? strstr(dict, pat) : NULL;
	int n, g;
	char r;
	if (p && sscanf(p + strlen(pat), "%d %d %c", &n, &g, &r) == 3 && r == 'R')
		snprintf(out, 32, "%d,%d", n, g);
	return out;
}

/* The stream data of obj, filters removed. */
static void stream_data(const struct fx *f, const char *obj, struct buf *out)
{
	char opt[64];
	snprintf(opt, sizeof opt, "--show-object=%s", obj);
	run3(out, "qpdf", opt, "--filtered-stream-data", f->path);
}

/* The value of the line "Key: value" of pdfinfo's output (a static copy), or "". */
static char *info_line(const char *out, const char *key)
{
	char pat[40];
	snprintf(pat, sizeof pat, "\n%s:", key);
	const char *p = NULL;
	if (out && strncmp(out, pat + 1, strlen(pat) - 1) == 0)
		p = out + strlen(pat) - 1; /* the first line */
	else if (out && (p = strstr(out, pat)))
		p += strlen(pat);
	if (!p)
		return strdup("");
	while (*p == ' ')
		p++;
	return strndup(p, strcspn(p, "\n"));
}

static void test_structure(void)
{
	const char *w = "VAT invoice";
	struct doc d = fix_vat_invoice();
	struct fx f = make(&d, w);
	struct buf out = {0};
	const char *pdf = f.pdf.data ? f.pdf.data : "";

	/* PDF/A-3 6.1.2: the header, then a comment of four bytes above 127. */
	ok(f.pdf.len > 15 && memcmp(pdf, "%PDF-1.7\n%", 10) == 0, "%s: header %%PDF-1.7", w);
	bool binary = f.pdf.len > 15;
	for (int i = 10; binary && i < 14; i++)
		binary = (unsigned char)pdf[i] > 127;
	ok(binary, "%s: a binary comment follows the header", w);
	ok(f.pdf.len > 6 && memcmp(pdf + f.pdf.len - 6, "%%EOF\n", 6) == 0, "%s: nothing after %%%%EOF", w);

	is_int(run3(&out, "qpdf", "--check", f.path, NULL), 0, "%s: qpdf --check passes", w);
	contains(out.data, "No syntax or stream encoding errors found", "%s: qpdf finds no error", w);
	contains(out.data, "File is not encrypted", "%s: not encrypted", w);
	contains(out.data, "PDF Version: 1.7", "%s: PDF 1.7", w);

	char *trailer = show(&f, "trailer");
	contains(trailer, "/ID [ <", "%s: the trailer has an /ID", w);
	lacks(trailer, "/Encrypt", "%s: no /Encrypt", w);
	char root_ref[32], info_ref[32], meta_ref[32], profile_ref[32], spec_ref[32], file_ref[32];
	char *root = show(&f, ref(trailer, "/Root", root_ref));
	contains(root, "/Type /Catalog", "%s: the catalog is read", w);

	/* The embedded XML, found and extracted by poppler. */
	is_int(run3(&out, "pdfdetach", "-list", f.path, NULL), 0, "%s: pdfdetach -list", w);
	contains(out.data, "1 embedded files", "%s: one embedded file", w);
	contains(out.data, "1: factur-x.xml", "%s: named factur-x.xml", w);
	char xml_path[] = "/tmp/fontaine-fx-xml.XXXXXX";
	int fd = mkstemp(xml_path);
	close(fd);
	char *argv[] = {"pdfdetach", "-savefile", "factur-x.xml", "-o", xml_path, f.path, NULL};
	buf_reset(&out);
	is_int(fix_run(argv, &out), 0, "%s: pdfdetach -savefile factur-x.xml", w);
	struct buf got = {0};
	FILE *xf = fopen(xml_path, "rb");
	char chunk[4096];
	size_t n;
	while (xf && (n = fread(chunk, 1, sizeof chunk, xf)) > 0)
		buf_append(&got, chunk, n);
	if (xf)
		fclose(xf);
	unlink(xml_path);
	ok(got.len > 0 && got.len == f.xml.len && memcmp(got.data, f.xml.data, got.len) == 0,
	   "%s: the extracted XML is doc_cii's, byte for byte (%zu bytes)", w, got.len);

	/* The file specification (PDF/A-3 6.8) and the name tree. */
	contains(root, "/EmbeddedFiles << /Names [ (factur-x.xml) ", "%s: EmbeddedFiles name tree", w);
	ref(root, "/AF [", spec_ref);
	ok(*spec_ref, "%s: the catalog's /AF names a file specification (%s)", w, spec_ref);
	char *spec = show(&f, spec_ref);
	contains(spec, "/Type /Filespec", "%s: /Type /Filespec", w);
	contains(spec, "/AFRelationship /Alternative", "%s: AFRelationship Alternative (EN 16931)", w);
	contains(spec, "/F (factur-x.xml)", "%s: /F factur-x.xml", w);
	contains(spec, "/UF (factur-x.xml)", "%s: /UF factur-x.xml", w);
	char *file = show(&f, ref(spec, "/EF << /F", file_ref));
	contains(file, "/Type /EmbeddedFile", "%s: the embedded file stream", w);
	ok(strstr(file, "/Subtype /text#2fxml") || strstr(file, "/Subtype /text#2Fxml"),
	   "%s: its MIME type text/xml", w);
	char size[64];
	snprintf(size, sizeof size, "/Size %zu", f.xml.len);
	contains(file, size, "%s: Params %s", w, size);
	contains(file, "/ModDate (D:20260331000000+02'00')", "%s: Params ModDate", w);

	/* The output intent: GTS_PDFA1 and the sRGB profile, 3 components. */
	contains(root, "/S /GTS_PDFA1", "%s: an output intent GTS_PDFA1", w);
	contains(root, "/OutputConditionIdentifier (sRGB IEC61966-2.1)", "%s: sRGB condition", w);
	ref(root, "/DestOutputProfile", profile_ref);
	ok(*profile_ref, "%s: DestOutputProfile present (%s)", w, profile_ref);
	char *profile = show(&f, profile_ref);
	contains(profile, "/N 3", "%s: the profile has N 3", w);
	stream_data(&f, profile_ref, &out);
	struct buf icc = {0};
	FILE *icf = fopen(doc_facturx_icc(), "rb");
	while (icf && (n = fread(chunk, 1, sizeof chunk, icf)) > 0)
		buf_append(&icc, chunk, n);
	if (icf)
		fclose(icf);
	ok(icc.len > 128 && out.len == icc.len && memcmp(out.data, icc.data, icc.len) == 0,
	   "%s: the profile is %s (%zu bytes)", w, doc_facturx_icc(), icc.len);
	ok(out.len > 40 && memcmp(out.data + 16, "RGB ", 4) == 0 && memcmp(out.data + 36, "acsp", 4) == 0 &&
	   (memcmp(out.data + 12, "mntr", 4) == 0 || memcmp(out.data + 12, "prtr", 4) == 0),
	   "%s: an ICC profile of an RGB display or printer (PDF/A 6.2.3)", w);
	buf_free(&icc);

	/* The XMP metadata: uncompressed, PDF/A-3B, Factur-X, the Info dictionary mirrored. */
	char *meta_dict = show(&f, ref(root, "/Metadata", meta_ref));
	contains(meta_dict, "/Type /Metadata", "%s: /Metadata stream", w);
	contains(meta_dict, "/Subtype /XML", "%s: /Subtype /XML", w);
	lacks(meta_dict, "/Filter", "%s: the XMP is not compressed", w);
	is_int(run3(&out, "pdfinfo", "-meta", f.path, NULL), 0, "%s: pdfinfo -meta", w);
	const char *xmp = out.data ? strstr(out.data, "<?xpacket begin") : NULL;
	ok(xmp != NULL, "%s: an XMP packet", w);
	lacks(xmp, " bytes=", "%s: no bytes attribute in the packet header (PDF/A 6.6.2.2)", w);
	xmlDocPtr doc = xmp ? xmlReadMemory(xmp, (int)strlen(xmp), "xmp.xml", NULL, XML_PARSE_NONET) : NULL;
	ok(doc != NULL, "%s: the XMP is well-formed XML", w);
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	static const char *const ns[][2] = {
		{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
		{"pdfaid", "http://www.aiim.org/pdfa/ns/id/"},
		{"dc", "http://purl.org/dc/elements/1.1/"},
		{"xmp", "http://ns.adobe.com/xap/1.0/"},
		{"pdf", "http://ns.adobe.com/pdf/1.3/"},
		{"fx", FX_NS},
		{"pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"},
		{"pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"},
		{"pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"},
	};
	for (size_t i = 0; ctx && i < sizeof ns / sizeof ns[0]; i++)
		xmlXPathRegisterNs(ctx, BAD_CAST ns[i][0], BAD_CAST ns[i][1]);
	char *v[32] = {0};
	static const char *const exprs[] = {
		"string(//pdfaid:part)", "string(//pdfaid:conformance)",
		"string(//fx:DocumentFileName)", "string(//fx:DocumentType)", "string(//fx:Version)",
		"string(//fx:ConformanceLevel)",
		"string(//pdfaSchema:namespaceURI)", "string(//pdfaSchema:prefix)",
		"count(//pdfaSchema:property/rdf:Seq/rdf:li[pdfaProperty:valueType='Text'][pdfaProperty:category='external']"
		"[pdfaProperty:name='DocumentFileName' or pdfaProperty:name='DocumentType' or pdfaProperty:name='Version'"
		" or pdfaProperty:name='ConformanceLevel'])",
		"string(//dc:title/rdf:Alt/rdf:li[@xml:lang='x-default'])", "string(//dc:creator/rdf:Seq/rdf:li)",
		"string(//xmp:CreateDate)", "string(//xmp:ModifyDate)", "string(//xmp:CreatorTool)",
		"string(//pdf:Producer)",
	};
	for (size_t i = 0; ctx && i < sizeof exprs / sizeof exprs[0]; i++) {
		xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST exprs[i], ctx);
		xmlChar *s = r ? xmlXPathCastToString(r) : NULL;
		v[i] = strdup(s ? (const char *)s : "");
		xmlFree(s);
		xmlXPathFreeObject(r);
	}
	for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++)
		if (!v[i])
			v[i] = strdup("");
	is_str(v[0], "3", "%s: pdfaid:part 3", w);
	is_str(v[1], "B", "%s: pdfaid:conformance B", w);
	is_str(v[2], "factur-x.xml", "%s: fx:DocumentFileName", w);
	is_str(v[3], "INVOICE", "%s: fx:DocumentType", w);
	is_str(v[4], "1.0", "%s: fx:Version", w);
	is_str(v[5], "EN 16931", "%s: fx:ConformanceLevel", w);
	is_str(v[6], FX_NS, "%s: the extension schema describes the fx namespace", w);
	is_str(v[7], "fx", "%s: with the prefix fx", w);
	is_str(v[8], "4", "%s: and its four properties (Text, external)", w);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);

	/* PDF/A 6.6.2.3: the Info dictionary and the XMP say the same. */
	is_int(run3(&out, "pdfinfo", "-isodates", f.path, NULL), 0, "%s: pdfinfo", w);
	char *title = info_line(out.data, "Title"), *author = info_line(out.data, "Author");
	char *creator = info_line(out.data, "Creator"), *producer = info_line(out.data, "Producer");
	is_str(title, "Facture F2026-00042", "%s: Info Title", w);
	is_str(v[9], title, "%s: dc:title is the Info Title", w);
	is_str(v[10], author, "%s: dc:creator is the Info Author", w);
	is_str(v[13], creator, "%s: xmp:CreatorTool is the Info Creator", w);
	is_str(v[14], producer, "%s: pdf:Producer is the Info Producer", w);
	is_str(v[11], "2026-03-31T00:00:00+02:00", "%s: xmp:CreateDate is the issue date, Paris time", w);
	is_str(v[12], v[11], "%s: xmp:ModifyDate too", w);
	char *info = show(&f, ref(trailer, "/Info", info_ref));
	contains(info, "/CreationDate (D:20260331000000+02'00')", "%s: Info CreationDate is xmp:CreateDate", w);
	contains(info, "/ModDate (D:20260331000000+02'00')", "%s: Info ModDate is xmp:ModifyDate", w);
	free(title);
	free(author);
	free(creator);
	free(producer);

	/* The XML's profile is the one the XMP names. */
	contains(f.xml.data, "<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", "%s: the XML is of the EN 16931 profile", w);

	/* Fonts embedded, the CID fonts naming their CIDToGIDMap, nothing transparent, no
	 * action or script (qpdf's JSON of every object). */
	is_int(run3(&out, "pdffonts", f.path, NULL, NULL), 0, "%s: pdffonts", w);
	int fonts = 0, embedded = 0;
	char *table = out.data ? strstr(out.data, "\n---") : NULL, *save = NULL;
	table = table ? strdup(table + 1) : strdup("");
	for (char *l = strtok_r(table, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *tok[32];
		int nt = 0;
		for (char *s2 = NULL, *t = strtok_r(l, " ", &s2); t && nt < 32; t = strtok_r(NULL, " ", &s2))
			tok[nt++] = t;
		if (nt < 7 || tok[0][0] == '-')
			continue;
		fonts++; /* from the end: emb sub uni object generation */
		embedded += strcmp(tok[nt - 5], "yes") == 0;
	}
	free(table);
	ok(fonts >= 2, "%s: pdffonts lists the fonts (%d)", w, fonts);
	is_int(embedded, fonts, "%s: every font embedded", w);
	is_int(run3(&out, "qpdf", "--json", "--json-key=qpdf", f.path), 0, "%s: qpdf --json", w);
	int cid = 0, maps = 0;
	for (const char *p = out.data; p && (p = strstr(p, "\"/Subtype\": \"/CIDFontType2\"")); p++)
		cid++;
	for (const char *p = out.data; p && (p = strstr(p, "\"/CIDToGIDMap\": ")); p++)
		maps++;
	ok(cid > 0 && maps == cid, "%s: each of the %d CIDFontType2 names its CIDToGIDMap (%d)", w, cid, maps);
	lacks(out.data, "\"/SMask\"", "%s: no soft mask", w);
	int alpha = 0, opaque = 0;
	for (const char *p = out.data; p && (p = strstr(p, "\"/ca\": ")); p++, alpha++)
		opaque += strncmp(p + 7, "1\n", 2) == 0 || strncmp(p + 7, "1,", 2) == 0;
	for (const char *p = out.data; p && (p = strstr(p, "\"/CA\": ")); p++, alpha++)
		opaque += strncmp(p + 7, "1\n", 2) == 0 || strncmp(p + 7, "1,", 2) == 0;
	is_int(opaque, alpha, "%s: every alpha (/CA, /ca) is 1", w);
	lacks(out.data, "\"/BM\": \"/Multiply", "%s: no blend mode", w);
	lacks(out.data, "/JavaScript", "%s: no JavaScript", w);
	lacks(out.data, "\"/OpenAction\"", "%s: no open action", w);
	lacks(out.data, "/LZWDecode", "%s: no LZW", w);
	lacks(out.data, "\"/Encrypt\"", "%s: no encryption dictionary", w);

	/* The same document gives the same bytes (the /ID comes from the content). */
	struct buf again = {0};
	is_int(doc_facturx(&d, &again), 0, "%s: a second doc_facturx", w);
	ok(again.len == f.pdf.len && memcmp(again.data, f.pdf.data, again.len) == 0,
	   "%s: the same document gives the same file", w);
	buf_free(&again);

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		free(v[i]);
	free(trailer);
	free(root);
	free(spec);
	free(file);
	free(profile);
	free(meta_dict);
	free(info);
	buf_free(&got);
	buf_free(&out);
	release(&f);
	doc_free(&d);
}

/* A franchise invoice to an individual and a credit note: their XML is carried, and read out, as
 * doc_cii writes it. */
static void test_other_documents(void)
{
	struct {
		const char *what;
		struct doc d;
	} docs[] = {
		{"franchise invoice", fix_franchise_invoice()},
		{"credit note", fix_credit_note()},
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		const char *w = docs[i].what;
		struct fx f = make(&docs[i].d, w);
		struct buf out = {0};
		is_int(run3(&out, "qpdf", "--check", f.path, NULL), 0, "%s: qpdf --check passes", w);
		char xml_path[] = "/tmp/fontaine-fx-xml.XXXXXX";
		close(mkstemp(xml_path));
		char *argv[] = {"pdfdetach", "-save", "1", "-o", xml_path, f.path, NULL};
		buf_reset(&out);
		is_int(fix_run(argv, &out), 0, "%s: pdfdetach -save 1", w);
		buf_reset(&out);
		char *cat[] = {"cat", xml_path, NULL};
		fix_run(cat, &out);
		unlink(xml_path);
		ok(out.len == f.xml.len && out.len > 0 && memcmp(out.data, f.xml.data, out.len) == 0,
		   "%s: the extracted XML is doc_cii's (%zu bytes)", w, out.len);
		is_int(run3(&out, "pdfinfo", "-meta", f.path, NULL), 0, "%s: pdfinfo -meta", w);
		contains(out.data, "<pdfaid:part>3</pdfaid:part>", "%s: PDF/A-3", w);
		contains(out.data, "<fx:DocumentType>INVOICE</fx:DocumentType>",
			 "%s: DocumentType INVOICE (Factur-X names a credit note so too; the XML says 381)", w);
		buf_free(&out);
		release(&f);
		doc_free(&docs[i].d);
	}
}

static void test_refused(void)
{
	struct buf out = {0};
	struct doc d = fix_vat_invoice();
	is_int(doc_facturx(&d, &out), -1, "doc_facturx before doc_totals: refused");
	is_int((long long)out.len, 0, "nothing written");
	buf_free(&out);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Figures, not a test of speed: the median of doc_pdf and of doc_facturx, and their sizes. */
static void figures(void)
{
	enum { RUNS = 15 };
	struct doc d = fix_vat_invoice();
	doc_totals(&d);
	double tp[RUNS], tf[RUNS];
	size_t sp = 0, sf = 0;
	struct buf out = {0};
	doc_facturx(&d, &out); /* warm-up: fonts, libxml2 */
	for (int i = 0; i < RUNS; i++) {
		buf_reset(&out);
		double t0 = now_ms();
		doc_pdf(&d, &out);
		tp[i] = now_ms() - t0;
		sp = out.len;
		buf_reset(&out);
		t0 = now_ms();
		doc_facturx(&d, &out);
		tf[i] = now_ms() - t0;
		sf = out.len;
	}
	qsort(tp, RUNS, sizeof tp[0], cmp_double);
	qsort(tf, RUNS, sizeof tf[0], cmp_double);
	diag("figures (%d runs, 4-line VAT invoice): doc_pdf %zu bytes, median %.2f ms; doc_facturx %zu bytes "
	     "(+%zu), median %.2f ms (%.2fx)", RUNS, sp, tp[RUNS / 2], sf, sf - sp, tf[RUNS / 2],
	     tf[RUNS / 2] / tp[RUNS / 2]);
	ok(sf > sp, "the Factur-X PDF is the PDF and more");
	buf_free(&out);
	doc_free(&d);
}

int main(void)
{
	fix_init();
	test_structure();
	test_other_documents();
	test_refused();
	figures();
	xmlCleanupParser();
	/* As test_pdf: release the font caches of pango, cairo and fontconfig. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	void *fini = dlsym(RTLD_DEFAULT, "FcFini");
	if (fini)
		((void (*)(void))fini)();
	return done_testing();
}
