/* buf: a growable byte buffer; allocation failure is fatal. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"


void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->storage = NULL;
}

void
buf_init_in(struct buf *b, char *storage, size_t size)
{
	b->data = storage;
	b->data[0] = '\0';
	b->len = 0;
	b->cap = size;
	b->storage = storage;
}

void
buf_free(struct buf *b)
{
	if (b->data != b->storage)
		free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - 1 - b->len)
		out_of_memory();
	need = b->len + extra + 1; /* + NUL */
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->data && b->data == b->storage) {
		/* outgrows the caller's array: from now on on the heap */
		p = xmalloc(cap);
		memcpy(p, b->data, b->len);
	} else {
		p = xrealloc(b->data, cap);
	}
	p[b->len] = '\0'; /* keeps a fresh buffer terminated */
	b->data = p;
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	buf_reserve(b, 0);
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized): va_start is just above
	va_end(ap);
	if (n < 0) { /* encoding error: append nothing */
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) { /* did not fit: grow and format again */
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static size_t
utf8_length(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * What Go's strconv.IsPrint says is not printable, beyond the C0 and C1
 * controls: the space separators but U+0020, the line and paragraph
 * separators, the format characters, private use, surrogates and the
 * noncharacters. (Unassigned code points are not known here: Go escapes
 * them, this prints them as they are.)
 */
static const struct { uint32_t lo, hi; } not_printable[] = {
	{ 0x00a0, 0x00a0 }, { 0x00ad, 0x00ad }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
	{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
	{ 0x1680, 0x1680 }, { 0x180e, 0x180e }, { 0x2000, 0x200f }, { 0x2028, 0x202f },
	{ 0x205f, 0x2064 }, { 0x2066, 0x206f }, { 0x3000, 0x3000 }, { 0xd800, 0xf8ff },
	{ 0xfdd0, 0xfdef }, { 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }, { 0xf0000, 0x10ffff },
};

static bool
go_printable(uint32_t cp)
{
	size_t i;

	if (cp < 0xa0 || (cp & 0xfffe) == 0xfffe)  /* C1 controls; U+xFFFE, U+xFFFF */
		return false;
	for (i = 0; i < sizeof(not_printable) / sizeof(*not_printable); i++)
		if (cp >= not_printable[i].lo && cp <= not_printable[i].hi)
			return false;
	return true;
}

void
buf_quote_go(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	buf_putc(b, '"');
	while (n > 0) {
		uint32_t cp = 0;
		size_t len;

		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\a': buf_puts(b, "\\a"); break;
		case '\b': buf_puts(b, "\\b"); break;
		case '\f': buf_puts(b, "\\f"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\v': buf_puts(b, "\\v"); break;
		default:
			if (*p >= 0x20 && *p < 0x7f) {
				buf_putc(b, (char)*p);
			} else if (*p < 0x80 || !(len = utf8_length(p, n, &cp))) {
				buf_puts(b, "\\x");
				buf_putc(b, hex[*p >> 4]);
				buf_putc(b, hex[*p & 15]);
			} else if (!go_printable(cp)) {
				buf_printf(b, cp > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)cp);
				p += len - 1;
				n -= len - 1;
			} else {
				buf_append(b, p, len);
				p += len - 1;
				n -= len - 1;
			}
		}
		p++;
		n--;
	}
	buf_putc(b, '"');
}

void
buf_quote_go_byte(struct buf *b, unsigned char c)
{
	buf_putc(b, '\'');
	switch (c) {
	case '\'': buf_puts(b, "\\'"); break;
	case '\\': buf_puts(b, "\\\\"); break;
	case '\a': buf_puts(b, "\\a"); break;
	case '\b': buf_puts(b, "\\b"); break;
	case '\f': buf_puts(b, "\\f"); break;
	case '\n': buf_puts(b, "\\n"); break;
	case '\r': buf_puts(b, "\\r"); break;
	case '\t': buf_puts(b, "\\t"); break;
	case '\v': buf_puts(b, "\\v"); break;
	default:
		if (c >= 0x20 && c < 0x7f)
			buf_putc(b, (char)c);
		else if (c < 0x80)
			buf_printf(b, "\\x%02x", c);
		else if (!go_printable(c))
			buf_printf(b, "\\u%04x", c);
		else  /* the code point of the same number, in UTF-8 */
			buf_printf(b, "%c%c", (char)(0xc0 | (c >> 6)), (char)(0x80 | (c & 0x3f)));
	}
	buf_putc(b, '\'');
}
