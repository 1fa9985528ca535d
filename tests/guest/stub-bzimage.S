/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stub-bzimage: the smallest thing QEMU's -kernel accepts as a bzImage, so
 * that a test boot goes through the real firmware path (SeaBIOS, then the
 * linuxboot option ROM) and ends in "kernel" code that writes the
 * linux_start_kernel and linux_start_user trace points and exits.
 *
 * Layout (Linux boot protocol 2.06, Documentation/arch/x86/boot.rst):
 * sector 0 is the legacy boot sector with the header's first fields at
 * 0x1f1; the header proper starts at 0x200 with a jump over it. The boot
 * loader enters the setup code at offset 0x200 (cs = setup segment + 0x20,
 * ip = 0) in real mode. One sector of "protected-mode kernel" follows,
 * never executed: QEMU only needs it to be there.
 *
 * Needs -device isa-debug-exit,iobase=0x501: QEMU then exits with
 * status (0 << 1) | 1 = 1.
 */
	.code16
	.text
	.globl	_start
_start:
	.org	0x1f1
setup_sects:	.byte	1		/* setup = sectors 0 and 1 */
root_flags:	.word	0
syssize:	.long	512 / 16	/* protected-mode part, paragraphs */
ram_size:	.word	0
vid_mode:	.word	0
root_dev:	.word	0
boot_flag:	.word	0xaa55

	.org	0x200
	jmp	setup_code
header:		.ascii	"HdrS"
version:	.word	0x0206
realmode_swtch:	.long	0
start_sys_seg:	.word	0x1000
kernel_version:	.word	0
type_of_loader:	.byte	0
loadflags:	.byte	0x01		/* LOADED_HIGH: a bzImage */
setup_move_size: .word	0x8000
code32_start:	.long	0x100000
ramdisk_image:	.long	0
ramdisk_size:	.long	0
bootsect_kludge: .long	0
heap_end_ptr:	.word	0
ext_loader_ver:	.byte	0
ext_loader_type: .byte	0
cmd_line_ptr:	.long	0
initrd_addr_max: .long	0x37ffffff
kernel_alignment: .long	0x200000
relocatable:	.byte	0
min_alignment:	.byte	0
xloadflags:	.word	0
cmdline_size:	.long	255

setup_code:
	movb	$6, %al			/* linux_start_kernel */
	outb	%al, $0xf4
	movb	$7, %al			/* linux_start_user */
	outb	%al, $0xf4
	movw	$0x501, %dx
	xorb	%al, %al
	outb	%al, %dx		/* isa-debug-exit: QEMU exits */
1:	hlt
	jmp	1b

	.org	0x400			/* end of the setup sectors */
	.fill	512, 1, 0		/* the "protected-mode kernel" */
