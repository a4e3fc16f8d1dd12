/* file: reading the small state files Dokku keeps, as its Go helpers do. */
#ifndef FILE_H
#define FILE_H

#include "buf.h"

/*
 * Dokku's ReadFirstLine: the first line that is not blank, without
 * surrounding blanks, into out (reset first); "" when the file is missing,
 * not a regular file, unreadable or blank. A FIFO or device reads as "" too
 * (opened without blocking).
 */
void read_first_line(const char *path, struct buf *out);

/* read_first_line of name inside the open directory dirfd. */
void read_first_line_at(int dirfd, const char *name, struct buf *out);

#endif
