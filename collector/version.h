/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KVMBOOT_VERSION_H
#define KVMBOOT_VERSION_H
#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.1.0"
#endif
#endif
