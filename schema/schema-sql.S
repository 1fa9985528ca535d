/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Embeds schema/schema.sql in the binaries as a NUL-terminated string. */
	.section .rodata
	.globl	kvmboot_schema_sql
	.type	kvmboot_schema_sql, @object
kvmboot_schema_sql:
	.incbin	SCHEMA_SQL_PATH
	.byte	0
	.size	kvmboot_schema_sql, . - kvmboot_schema_sql
	.section .note.GNU-stack, "", @progbits
