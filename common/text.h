/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text from outside (milestone names, labels, tags, guest console lines,
 * SQL aliases) is UTF-8 that may hold anything. Nothing a terminal acts on
 * reaches one from kvmboot: control characters (C0, DEL, C1) show as a
 * space, and bytes that are not UTF-8 as U+FFFD (the C1 range 0x80-0x9f,
 * which Latin-1 terminals obey, as a space), so what is shown is always
 * valid UTF-8 with one column per character.
 */
#ifndef KVMBOOT_TEXT_H
#define KVMBOOT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Length of the UTF-8 sequence at S (N bytes, N > 0), with its code point
 * in *CP; 0 when S does not start with a valid one (overlong forms,
 * surrogates and code points past U+10FFFF are not valid).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F). */
bool text_is_control(uint32_t cp);

/*
 * The first character of S (N bytes, N > 0) as it is shown: *SHOW gets the
 * bytes to print (*SHOW_LEN of them: the character, a space, or U+FFFD).
 * Returns how many bytes of S that was (at least 1).
 */
size_t text_show_next(const char *s, size_t n, const char **show, size_t *show_len);

/* How many characters S (N bytes) shows as. */
size_t text_show_width(const char *s, size_t n);

/* Writes S (N bytes) to OUT as shown. */
void text_show_put(FILE *out, const char *s, size_t n);

/* S as shown, malloc'd (the caller frees it); NULL when out of memory. */
char *text_show_dup(const char *s);

/*
 * Is NAME fit to be a milestone name: UTF-8 text without control
 * characters? 0, or -EILSEQ (not UTF-8) or -EINVAL (a control character)
 * with the offending byte's offset in *AT.
 */
int text_name_check(const char *name, size_t *at);

/*
 * S for a message, cut to fit BUF: control characters and bytes that are
 * not UTF-8 written as \xNN, so that the message shows what is there and
 * a terminal does nothing with it.
 */
void text_escape(const char *s, char *buf, size_t len);

#endif
