/* buf: a growable byte buffer; allocation failure is fatal (see log.h). */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	char *storage; /* the caller's array data may start in (buf_init_in): never freed */
};

#define BUF_INIT { NULL, 0, 0, NULL }

void buf_init(struct buf *b);
/*
 * Starts b in the caller's array (which must outlive it and not be moved),
 * so that nothing is allocated until the contents outgrow it. For the
 * triggers Dokku runs many times per deploy: in a static program the C
 * library's first malloc (its heap set up, pages mapped and faulted in)
 * costs about as much as all their other work.
 */
void buf_init_in(struct buf *b, char *storage, size_t size);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);                 /* len = 0, keeps memory */
void buf_reserve(struct buf *b, size_t extra);  /* room for extra bytes + NUL */
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *buf_cstr(const struct buf *b);            /* "" for an empty buffer */
/* Appends s quoted as Go's %q (strconv.Quote) does: "a\"b\x01". */
void buf_quote_go(struct buf *b, const char *s);

/* Appends a byte quoted as Go's %q of a byte (a rune literal): 'x', '\'', '\x01', 'é' for 0xe9. */
void buf_quote_go_byte(struct buf *b, unsigned char c);

#endif
