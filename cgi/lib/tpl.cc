// tpl.cc: the one C++ file: wraps ctemplate behind the C API of tpl.h. No exception leaves it.
#include "tpl.h"

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <cstdio>
#include <cstring>
#include <string>

#include <deque>

struct tpl_dict {
	ctemplate::TemplateDictionary *d;
	tpl_dict *root;                 // the dictionary that owns this one
	std::deque<tpl_dict> *children; // only on the root: wrappers of every child
};

static const ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

extern "C" int tpl_init(const char *dir, const char *const *names, size_t n, char *err,
			size_t errlen)
{
	try {
		ctemplate::TemplateCache *cache = ctemplate::mutable_default_template_cache();
		std::string root(dir);
		if (root.empty() || root.back() != '/')
			root += '/';
		cache->SetTemplateRootDirectory(root);
		for (size_t i = 0; i < n; i++) {
			if (!cache->LoadTemplate(names[i], kStrip)) {
				std::snprintf(err, errlen, "template %s%s does not load or parse",
					      root.c_str(), names[i]);
				return -1;
			}
		}
		cache->Freeze();
		return 0;
	} catch (const std::exception &e) {
		std::snprintf(err, errlen, "templates: %s", e.what());
	} catch (...) {
		std::snprintf(err, errlen, "templates: unknown error");
	}
	return -1;
}

// Values every new root dictionary gets as template-global ones (tpl_set_global): a few
// short values (a path prefix), kept without the C++ library's containers.
enum { GLOBALS_MAX = 4, GLOBAL_LEN = 128 };
static struct {
	const char *var;
	char value[GLOBAL_LEN];
} globals[GLOBALS_MAX];

extern "C" void tpl_set_global(const char *var, const char *value)
{
	for (auto &g : globals)
		if (!g.var || std::strcmp(g.var, var) == 0) {
			g.var = var;
			std::snprintf(g.value, sizeof g.value, "%s", value);
			return;
		}
	std::abort(); /* more globals than GLOBALS_MAX: a programming error */
}

extern "C" struct tpl_dict *tpl_dict_new(void)
{
	try {
		tpl_dict *t = new tpl_dict;
		t->d = new ctemplate::TemplateDictionary("page");
		for (const auto &g : globals)
			if (g.var)
				t->d->SetTemplateGlobalValue(g.var, g.value);
		t->root = t;
		t->children = new std::deque<tpl_dict>;
		return t;
	} catch (...) {
		std::abort();
	}
}

static tpl_dict *wrap_child(tpl_dict *parent, ctemplate::TemplateDictionary *child)
{
	tpl_dict *root = parent->root;
	root->children->push_back(tpl_dict{child, root, nullptr});
	return &root->children->back();
}

extern "C" void tpl_dict_free(struct tpl_dict *t)
{
	if (!t || t->root != t)
		return;
	try {
		delete t->children;
		delete t->d;
	} catch (...) {
	}
	delete t;
}

// True for the bytes of a character HTML forbids: C0 controls but tab, LF and CR; DEL; C1
// controls (U+0080..U+009F, encoded C2 80..C2 9F).
static bool forbidden_at(const char *s, size_t i, size_t len)
{
	unsigned char c = static_cast<unsigned char>(s[i]);
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return true;
	return c == 0xc2 && i + 1 < len && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
	       static_cast<unsigned char>(s[i + 1]) <= 0x9f;
}

// Every value reaches a page through here: characters no HTML page may hold (a title
// written into the database by another way than our forms) are dropped, never passed on.
static void set_clean(ctemplate::TemplateDictionary *d, const char *var, const char *value,
		      size_t len)
{
	size_t i = 0;
	while (i < len && !forbidden_at(value, i, len))
		i++;
	if (i == len) {
		d->SetValue(var, ctemplate::TemplateString(value, len));
		return;
	}
	std::string clean(value, i);
	for (; i < len; i++) {
		if (forbidden_at(value, i, len)) {
			if (static_cast<unsigned char>(value[i]) == 0xc2)
				i++;
			continue;
		}
		clean += value[i];
	}
	d->SetValue(var, ctemplate::TemplateString(clean.data(), clean.size()));
}

extern "C" void tpl_set(struct tpl_dict *t, const char *var, const char *value)
{
	try {
		if (!value)
			value = "";
		set_clean(t->d, var, value, std::strlen(value));
	} catch (...) {
	}
}

extern "C" void tpl_set_len(struct tpl_dict *t, const char *var, const char *value, size_t len)
{
	try {
		set_clean(t->d, var, value, len);
	} catch (...) {
	}
}

extern "C" void tpl_set_int(struct tpl_dict *t, const char *var, long long value)
{
	char tmp[32];
	std::snprintf(tmp, sizeof tmp, "%lld", value);
	tpl_set(t, var, tmp);
}

extern "C" void tpl_show(struct tpl_dict *t, const char *section)
{
	try {
		t->d->ShowSection(section);
	} catch (...) {
	}
}

extern "C" struct tpl_dict *tpl_section(struct tpl_dict *t, const char *section)
{
	try {
		return wrap_child(t, t->d->AddSectionDictionary(section));
	} catch (...) {
		std::abort();
	}
}

extern "C" struct tpl_dict *tpl_include(struct tpl_dict *t, const char *name, const char *file)
{
	try {
		ctemplate::TemplateDictionary *child = t->d->AddIncludeDictionary(name);
		child->SetFilename(file);
		return wrap_child(t, child);
	} catch (...) {
		std::abort();
	}
}

extern "C" int tpl_expand(const char *file, struct tpl_dict *t, struct buf *out)
{
	try {
		std::string s;
		if (!ctemplate::ExpandTemplate(file, kStrip, t->d, &s))
			return -1;
		buf_append(out, s.data(), s.size());
		return 0;
	} catch (...) {
		return -1;
	}
}
