/* facturx.c: the Factur-X EN 16931 invoice: the PDF of pdf.c made a PDF/A-3b (qpdf) that carries
 * the CII XML of cii.c as its associated file factur-x.xml.
 *
 * What cairo cannot write is added to its PDF with qpdf's C API: the XML as an embedded file
 * (EmbeddedFiles name tree, a Filespec with /AFRelationship /Alternative and the catalog's /AF),
 * the XMP metadata (pdfaid part 3 conformance B, the Factur-X extension schema and the Info
 * dictionary's entries mirrored), an sRGB output intent (GTS_PDFA1, the ICC profile of
 * icc-profiles-free), a trailer /ID and the header %PDF-1.7; cairo's CID fonts name their
 * CIDToGIDMap. The fonts are cairo's embedded subsets; the file is neither encrypted nor
 * linearized, and nothing in it is transparent (cairo's opaque drawing, alpha 1). */
#include "doc.h"
#include "arena.h"
#include "escape.h"
#include "xmlout.h"
#include <cairo.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <string.h>

#ifndef SRGB_ICC
#define SRGB_ICC "/usr/share/color/icc/sRGB.icc"
#endif

#define FX_FILENAME "factur-x.xml"
#define FX_NS "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
#define FX_CONFORMANCE "EN 16931"
/* An ICC profile is a few kilobytes; a file past this is not the one meant. */
#define ICC_MAX (1 << 20)

const char *doc_facturx_icc(void)
{
	return SRGB_ICC;
}

/* Reads the whole file at path into out. Returns 0, or -1 (missing, unreadable, too big). */
static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(out, chunk, n);
		if (out->len > ICC_MAX)
			break;
	}
	int rc = ferror(f) || out->len > ICC_MAX || out->len < 128 ? -1 : 0;
	fclose(f);
	return rc;
}

/* The issue date (midnight, Paris time) as a PDF date "D:20260331000000+02'00'" and as the
 * XMP date "2026-03-31T00:00:00+02:00": the same instant, so that the Info dictionary and the
 * XMP agree (PDF/A). The issue date, not the time of writing: a document gives the same file. */
enum { DATE_MAX = 48 };
static void dates(time_t t, char pdf[DATE_MAX], char xmp[DATE_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	int off = (int)(tm.tm_gmtoff / 60) % (24 * 60); /* minutes east of UTC */
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	char base[24];
	strftime(base, sizeof base, "%Y%m%d%H%M%S", &tm);
	snprintf(pdf, DATE_MAX, "D:%s%c%02d'%02d'", base, sign, off / 60, off % 60);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(xmp, DATE_MAX, "%s%c%02d:%02d", base, sign, off / 60, off % 60);
}

/* Appends s as XML text: characters XML forbids dropped, markup escaped. */
static void xml_text(struct buf *out, struct arena *a, const char *s)
{
	escape_html(out, xml_clean(a, s));
}

/* The Info dictionary's text entries, read back as UTF-8 (cairo writes what pdf.c set). */
struct info {
	const char *title, *author, *subject, *keywords, *creator, *producer;
};

/* The XMP packet: PDF/A identification, the Dublin Core, XMP basic and Adobe PDF schemas that
 * mirror the Info dictionary, the Factur-X properties and their PDF/A extension schema. */
static void xmp_packet(struct buf *x, struct arena *a, const struct info *in, const char *date)
{
	buf_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	buf_puts(x, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		    "<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		    "</rdf:Description>\n");
	buf_puts(x, "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		    "<dc:format>application/pdf</dc:format>\n");
	if (in->title) {
		buf_puts(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, a, in->title);
		buf_puts(x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (in->author) {
		buf_puts(x, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(x, a, in->author);
		buf_puts(x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (in->subject) {
		buf_puts(x, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, a, in->subject);
		buf_puts(x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_puts(x, "</rdf:Description>\n");
	buf_puts(x, "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	buf_printf(x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		      "<xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
	if (in->creator) {
		buf_puts(x, "<xmp:CreatorTool>");
		xml_text(x, a, in->creator);
		buf_puts(x, "</xmp:CreatorTool>\n");
	}
	buf_puts(x, "</rdf:Description>\n");
	buf_puts(x, "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	if (in->producer) {
		buf_puts(x, "<pdf:Producer>");
		xml_text(x, a, in->producer);
		buf_puts(x, "</pdf:Producer>\n");
	}
	if (in->keywords) {
		buf_puts(x, "<pdf:Keywords>");
		xml_text(x, a, in->keywords);
		buf_puts(x, "</pdf:Keywords>\n");
	}
	buf_puts(x, "</rdf:Description>\n");
	buf_puts(x, "<rdf:Description rdf:about=\"\" xmlns:fx=\"" FX_NS "\">\n"
		    "<fx:DocumentType>INVOICE</fx:DocumentType>\n"
		    "<fx:DocumentFileName>" FX_FILENAME "</fx:DocumentFileName>\n"
		    "<fx:Version>1.0</fx:Version>\n"
		    "<fx:ConformanceLevel>" FX_CONFORMANCE "</fx:ConformanceLevel>\n"
		    "</rdf:Description>\n");
	static const struct {
		const char *name, *description;
	} props[] = {
		{"DocumentFileName", "The name of the embedded XML document"},
		{"DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"},
		{"Version", "The actual version of the standard applying to the embedded XML document"},
		{"ConformanceLevel", "The conformance level of the embedded XML document"},
	};
	buf_puts(x, "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
		    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
		    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
		    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
		    "<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n"
		    "<pdfaSchema:namespaceURI>" FX_NS "</pdfaSchema:namespaceURI>\n"
		    "<pdfaSchema:prefix>fx</pdfaSchema:prefix>\n"
		    "<pdfaSchema:property><rdf:Seq>\n");
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
		buf_printf(x, "<rdf:li rdf:parseType=\"Resource\">\n"
			      "<pdfaProperty:name>%s</pdfaProperty:name>\n"
			      "<pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
			      "<pdfaProperty:category>external</pdfaProperty:category>\n"
			      "<pdfaProperty:description>%s</pdfaProperty:description>\n"
			      "</rdf:li>\n", props[i].name, props[i].description);
	buf_puts(x, "</rdf:Seq></pdfaSchema:property>\n"
		    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
		    "</rdf:Description>\n"
		    "</rdf:RDF>\n</x:xmpmeta>\n");
	/* Padding lets a later tool edit the packet in place, as XMP recommends. */
	for (int i = 0; i < 20; i++)
		buf_puts(x, "                                                                                                   \n");
	buf_puts(x, "<?xpacket end=\"w\"?>");
}

/* The UTF-8 value of the Info dictionary's entry key, copied into the arena; NULL when absent
 * or empty. */
static const char *info_text(qpdf_data q, struct arena *a, qpdf_oh info, const char *key)
{
	if (!qpdf_oh_has_key(q, info, key))
		return NULL;
	qpdf_oh v = qpdf_oh_get_key(q, info, key);
	if (!qpdf_oh_is_string(q, v))
		return NULL;
	const char *s = qpdf_oh_get_utf8_value(q, v);
	return s && *s ? arena_strdup(a, s) : NULL;
}

/* A new stream holding data (len bytes), unfiltered: qpdf compresses it on writing, except
 * the XMP metadata, which it leaves readable. */
static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	return s;
}

/* The dictionary entry key of parent, created empty when missing (an indirect object when
 * indirect: the trailer's /Info must be one). */
static qpdf_oh sub_dict(qpdf_data q, qpdf_oh parent, const char *key, bool indirect)
{
	if (qpdf_oh_has_key(q, parent, key)) {
		qpdf_oh d = qpdf_oh_get_key(q, parent, key);
		if (qpdf_oh_is_dictionary(q, d))
			return d;
	}
	qpdf_oh d = qpdf_oh_new_dictionary(q);
	if (indirect)
		d = qpdf_make_indirect_object(q, d);
	qpdf_oh_replace_key(q, parent, key, d);
	return qpdf_oh_get_key(q, parent, key);
}

/* PDF/A-2 and 3 (6.2.11.3.2) want a Type 2 CIDFont to name its CIDToGIDMap; cairo leaves it
 * out, which means Identity: say so. Walks every object of the file (a few dozen). */
static void name_cid_maps(qpdf_data q)
{
	qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	for (int id = 1; id < n; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		if (qpdf_oh_is_dictionary_of_type(q, o, "/Font", "/CIDFontType2") &&
		    !qpdf_oh_has_key(q, o, "/CIDToGIDMap"))
			qpdf_oh_replace_key(q, o, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
		qpdf_oh_release(q, o);
	}
}

/* Makes the PDF of pdf.c (pdf, pdf_len) a Factur-X PDF/A-3b carrying xml; appends it to out.
 * Returns 0 or -1. */
static int hybrid(const struct doc *d, const struct buf *pdf, const struct buf *xml,
		  const struct buf *icc, struct buf *out)
{
	struct arena a = {0};
	struct buf xmp = {0};
	char pdf_date[DATE_MAX], xmp_date[DATE_MAX];
	dates(d->issue_date, pdf_date, xmp_date);
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	int rc = -1;
	if (qpdf_read_memory(q, "facture.pdf", pdf->data, pdf->len, NULL) & QPDF_ERRORS)
		goto done;
	if (qpdf_is_encrypted(q))
		goto done;
	qpdf_oh root = qpdf_get_root(q), trailer = qpdf_get_trailer(q);

	/* The Info dictionary: cairo's entries, with the dates of the XMP and a producer that
	 * names both libraries. */
	qpdf_oh info = sub_dict(q, trailer, "/Info", true);
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, pdf_date));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, pdf_date));
	qpdf_oh_replace_key(q, info, "/Producer",
			    qpdf_oh_new_string(q, arena_printf(&a, "cairo %s, qpdf %s", cairo_version_string(),
							       qpdf_get_qpdf_version())));
	qpdf_oh_remove_key(q, info, "/Trapped");
	struct info in = {
		.title = info_text(q, &a, info, "/Title"),
		.author = info_text(q, &a, info, "/Author"),
		.subject = info_text(q, &a, info, "/Subject"),
		.keywords = info_text(q, &a, info, "/Keywords"),
		.creator = info_text(q, &a, info, "/Creator"),
		.producer = info_text(q, &a, info, "/Producer"),
	};

	/* The XML: an embedded file stream, its file specification, the name tree and /AF. */
	qpdf_oh file = new_stream(q, xml->data, xml->len);
	qpdf_oh fdict = qpdf_oh_get_dict(q, file);
	qpdf_oh_replace_key(q, fdict, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
	qpdf_oh_replace_key(q, fdict, "/Subtype", qpdf_oh_new_name(q, "/text/xml"));
	qpdf_oh params = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_string(q, pdf_date));
	qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)xml->len));
	qpdf_oh_replace_key(q, fdict, "/Params", params);
	qpdf_oh spec = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
	qpdf_oh_replace_key(q, spec, "/Type", qpdf_oh_new_name(q, "/Filespec"));
	qpdf_oh_replace_key(q, spec, "/F", qpdf_oh_new_string(q, FX_FILENAME));
	qpdf_oh_replace_key(q, spec, "/UF", qpdf_oh_new_unicode_string(q, FX_FILENAME));
	qpdf_oh_replace_key(q, spec, "/Desc", qpdf_oh_new_unicode_string(q, "Factur-X " FX_CONFORMANCE " (CII XML)"));
	/* EN 16931: the XML is the invoice in full, another form of what the pages show. */
	qpdf_oh_replace_key(q, spec, "/AFRelationship", qpdf_oh_new_name(q, "/Alternative"));
	qpdf_oh ef = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, ef, "/F", file);
	qpdf_oh_replace_key(q, ef, "/UF", file);
	qpdf_oh_replace_key(q, spec, "/EF", ef);
	qpdf_oh names = sub_dict(q, root, "/Names", false);
	qpdf_oh tree = qpdf_oh_new_dictionary(q);
	qpdf_oh leaves = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, leaves, qpdf_oh_new_string(q, FX_FILENAME));
	qpdf_oh_append_item(q, leaves, spec);
	qpdf_oh_replace_key(q, tree, "/Names", leaves);
	qpdf_oh_replace_key(q, names, "/EmbeddedFiles", tree);
	qpdf_oh_replace_key(q, root, "/AF", qpdf_oh_wrap_in_array(q, spec));

	/* The output intent: sRGB, the space of every colour cairo writes (DeviceRGB). */
	qpdf_oh profile = new_stream(q, icc->data, icc->len);
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 3));
	qpdf_oh intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
	qpdf_oh_replace_key(q, root, "/OutputIntents", qpdf_oh_wrap_in_array(q, intent));

	name_cid_maps(q);

	/* The XMP metadata stream, uncompressed. */
	xmp_packet(&xmp, &a, &in, xmp_date);
	qpdf_oh meta = new_stream(q, xmp.data, xmp.len);
	qpdf_oh mdict = qpdf_oh_get_dict(q, meta);
	qpdf_oh_replace_key(q, mdict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, mdict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, root, "/Metadata", meta);
	if (qpdf_has_error(q))
		goto done;

	if (qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto done;
	qpdf_force_pdf_version(q, "1.7");
	qpdf_set_deterministic_ID(q, QPDF_TRUE); /* the /ID from the content: same input, same file */
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_linearization(q, QPDF_FALSE);
	qpdf_set_preserve_encryption(q, QPDF_FALSE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto done;
	const unsigned char *bytes = qpdf_get_buffer(q);
	size_t len = qpdf_get_buffer_length(q);
	if (!bytes || len == 0)
		goto done;
	buf_append(out, bytes, len);
	rc = 0;
done:
	qpdf_cleanup(&q);
	buf_free(&xmp);
	arena_free(&a);
	return rc;
}

int doc_facturx(const struct doc *d, struct buf *out)
{
	struct buf pdf = {0}, xml = {0}, icc = {0};
	int rc = -1;
	if (doc_pdf(d, &pdf) == 0 && doc_cii(d, &xml) == 0 && read_file(SRGB_ICC, &icc) == 0)
		rc = hybrid(d, &pdf, &xml, &icc, out);
	buf_free(&pdf);
	buf_free(&xml);
	buf_free(&icc);
	return rc;
}
