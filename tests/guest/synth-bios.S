/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * synth-bios: a 64 KiB firmware image for QEMU's -bios that plays a script
 * of port writes and exits, so that tests know exactly which trace points a
 * boot writes, in which order.
 *
 * The script comes from the fw_cfg file "opt/kvmboot/seq" (QEMU option
 * -fw_cfg name=opt/kvmboot/seq,file=FILE); without it a built-in script runs
 * (fw_start, fw_do_boot, linux_start_kernel, linux_start_user, exit).
 * tests/guest/mkseq turns a readable spec into a script. Opcodes:
 *   'o' port:u16 value:u8       one byte write (out)
 *   'c' port:u16 len:u16 bytes  text, one byte write per character
 *   's' port:u16 len:u16 bytes  text as one string write (rep outsb)
 *   'd' count:u16               busy wait, count * 65536 loop turns
 *   'w' ms:u16                  wait ms milliseconds of wall-clock time, read
 *                               off the PIT (channel 0, programmed here): a
 *                               busy loop takes as long as the CPU it gets
 *                               allows, this does not
 *   'h'                         hang forever (for timeout tests)
 *   'x' value:u8                exit through isa-debug-exit (0x501)
 *   'j'                         jump back to the start of the script
 *   'm' address:u32 value:u8    one byte written to a physical address (an MMIO
 *                               write): below 1 MiB from real mode, above it
 *                               through unreal mode (which some nested KVMs
 *                               cannot emulate)
 *   0                           end of script: exit with value 0
 * QEMU exits with status (value << 1) | 1 after an isa-debug-exit write.
 */
	.code16
	.text
	.globl	_start
_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$0x7000, %sp
	movw	%ax, %es
	movw	%ax, %ds

	call	find_script		/* ds:si = script */
	movw	%si, %bp		/* for 'j' */
	jmp	run_script

/* fw_cfg: selector port 0x510 (16 bit), data port 0x511 (8 bit) */
#define FW_CFG_SEL	0x510
#define FW_CFG_DATA	0x511
#define FW_CFG_FILE_DIR	0x19
#define DIR_BUF		0x1000
#define SCRIPT_BUF	0x2000
#define SCRIPT_MAX	0x6000

/* Sets ds:si to the fw_cfg script, or to the built-in one. */
find_script:
	movw	$FW_CFG_SEL, %dx
	movw	$FW_CFG_FILE_DIR, %ax
	outw	%ax, %dx
	movw	$FW_CFG_DATA, %dx
	movw	$DIR_BUF, %di
	movw	$4, %cx
	rep insb
	movw	DIR_BUF + 2, %bx	/* entry count, big endian, < 65536 */
	xchgb	%bl, %bh
next_entry:
	testw	%bx, %bx
	jz	builtin_script
	decw	%bx
	movw	$DIR_BUF, %di
	movw	$64, %cx		/* size:be32 select:be16 rsvd:u16 name[56] */
	rep insb
	movw	$DIR_BUF + 8, %di
	movw	$script_name, %si
	movw	$script_name_len, %cx
	pushw	%ds
	pushw	%cs
	popw	%ds
	repe cmpsb			/* ds:si (ROM) against es:di (entry) */
	popw	%ds
	jne	next_entry

	movw	DIR_BUF + 2, %cx	/* file size, low 16 bits */
	xchgb	%cl, %ch
	cmpw	$SCRIPT_MAX, %cx
	jbe	1f
	movw	$SCRIPT_MAX, %cx
1:	movw	DIR_BUF + 4, %ax	/* selector */
	xchgb	%al, %ah
	movw	$FW_CFG_SEL, %dx
	outw	%ax, %dx
	movw	$FW_CFG_DATA, %dx
	movw	$SCRIPT_BUF, %di
	movw	%cx, %bx
	rep insb
	movb	$0, SCRIPT_BUF(%bx)	/* terminate the script */
	movw	$SCRIPT_BUF, %si
	ret
builtin_script:
	pushw	%cs
	popw	%ds
	movw	$default_script, %si
	ret

run_script:
	lodsb
	cmpb	$'o', %al
	je	op_out
	cmpb	$'c', %al
	je	op_text
	cmpb	$'s', %al
	je	op_string
	cmpb	$'d', %al
	je	op_delay
	cmpb	$'w', %al
	je	op_wait
	cmpb	$'h', %al
	je	op_hang
	cmpb	$'x', %al
	je	op_exit
	cmpb	$'j', %al
	je	op_jump
	cmpb	$'m', %al
	je	op_mmio
	xorb	%al, %al		/* end of script, or unknown: exit 0 */
	jmp	do_exit

op_out:
	lodsw
	movw	%ax, %dx
	lodsb
	outb	%al, %dx
	jmp	run_script
op_text:
	lodsw
	movw	%ax, %dx
	lodsw
	movw	%ax, %cx
	jcxz	run_script
1:	lodsb
	outb	%al, %dx
	loop	1b
	jmp	run_script
op_string:
	lodsw
	movw	%ax, %dx
	lodsw
	movw	%ax, %cx
	rep outsb
	jmp	run_script
op_delay:
	lodsw
	movw	%ax, %bx
1:	testw	%bx, %bx
	jz	run_script
	xorw	%cx, %cx
2:	loop	2b
	decw	%bx
	jmp	1b
op_wait:
	lodsw				/* milliseconds */
	pushw	%si
	movzwl	%ax, %eax
	imull	$1193, %eax, %ebx	/* PIT ticks (1.193182 MHz) to wait */
	movb	$0x34, %al		/* channel 0, low then high byte, mode 2 */
	outb	%al, $0x43
	xorb	%al, %al
	outb	%al, $0x40
	outb	%al, $0x40		/* count 65536: wraps every 54.9 ms */
	call	pit_read
	movw	%cx, %si		/* the count read before */
	xorl	%edi, %edi		/* ticks gone by */
1:	call	pit_read
	movw	%si, %ax
	subw	%cx, %ax		/* it counts down, modulo 65536 */
	movw	%cx, %si
	movzwl	%ax, %eax
	addl	%eax, %edi
	cmpl	%ebx, %edi
	jb	1b
	popw	%si
	jmp	run_script

/* %cx = the count of PIT channel 0 (latched, then read low and high byte). */
pit_read:
	xorb	%al, %al
	outb	%al, $0x43
	inb	$0x40, %al
	movb	%al, %cl
	inb	$0x40, %al
	movb	%al, %ch
	ret

op_mmio:
	lodsl
	movl	%eax, %edi
	lodsb
	cmpl	$0x100000, %edi
	jae	1f
	movl	%edi, %ebx		/* below 1 MiB: segment = address >> 4 */
	shrl	$4, %ebx
	andw	$0x0f, %di
	movw	%bx, %es
	movb	%al, %es:(%di)
	xorw	%bx, %bx
	movw	%bx, %es
	jmp	run_script
1:	call	unreal_enter
	addr32 movb %al, %es:(%edi)
	jmp	run_script

/*
 * Unreal mode: a moment in protected mode loads es with a flat 4 GiB
 * segment; back in real mode es keeps that limit (base 0 as before).
 */
unreal_enter:
	cli
	pushl	%eax
	pushw	%bx
	lgdtl	%cs:gdt_desc
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	jmp	1f
1:	movw	$0x08, %bx
	movw	%bx, %es
	andb	$0xfe, %al
	movl	%eax, %cr0
	jmp	2f
2:	xorw	%bx, %bx
	movw	%bx, %es
	popw	%bx
	popl	%eax
	ret

	.balign	8
gdt:
	.quad	0				/* null */
	.quad	0x00cf92000000ffff		/* data: base 0, limit 4 GiB, writable */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	0xf0000 + gdt			/* linear: the ROM is at f000:0000 */

op_jump:
	movw	%bp, %si
	jmp	run_script
op_hang:
	hlt
	jmp	op_hang
op_exit:
	lodsb
do_exit:
	movw	$0x501, %dx
	outb	%al, %dx
	jmp	op_hang

script_name:
	.asciz	"opt/kvmboot/seq"
	.set	script_name_len, . - script_name
default_script:
	.byte	'o'
	.word	0xf5
	.byte	1
	.byte	'o'
	.word	0xf5
	.byte	5
	.byte	'o'
	.word	0xf4
	.byte	6
	.byte	'o'
	.word	0xf4
	.byte	7
	.byte	0

	.org	0xfff0			/* reset vector: f000:fff0 */
	ljmp	$0xf000, $_start
	.org	0x10000
