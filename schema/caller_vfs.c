/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An SQLite VFS that does every file operation of the default one with
 * the calling user's file-system rights (common/caller.h): the database,
 * its -wal, -shm and -journal are opened, created and removed as the sudo
 * caller could, so that a symbolic link the caller planted cannot make
 * root create, chown or overwrite someone else's file. SQLite itself opens
 * every file with O_NOFOLLOW after resolving the database's own name.
 */
#include "caller_vfs.h"

#include <string.h>

struct caller_file {
	sqlite3_file base;	/* pMethods: ours, while the real file is open */
	sqlite3_file *real;	/* the default VFS's file, right after this struct */
};

static sqlite3_vfs caller_vfs;
static sqlite3_vfs *real_vfs;
static struct caller *acting_for;

#define REAL(f) (((struct caller_file *)(f))->real)

static int cf_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods->xClose(REAL(f));

	f->pMethods = NULL;
	return rc;
}

static int cf_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int cf_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int cf_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

/* A sync may open the file's directory to sync it too. */
static int cf_sync(sqlite3_file *f, int flags)
{
	int rc;

	caller_enter(acting_for);
	rc = REAL(f)->pMethods->xSync(REAL(f), flags);
	caller_leave(acting_for);
	return rc;
}

static int cf_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int cf_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int cf_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int cf_check_reserved_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int cf_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int cf_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int cf_device_characteristics(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

/* Mapping the WAL index opens (and may create) the -shm file. */
static int cf_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **p)
{
	int rc;

	if (REAL(f)->pMethods->iVersion < 2)
		return SQLITE_IOERR;
	caller_enter(acting_for);
	rc = REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, p);
	caller_leave(acting_for);
	return rc;
}

static int cf_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void cf_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

/* Unmapping the last one may remove the -shm file. */
static int cf_shm_unmap(sqlite3_file *f, int delete_flag)
{
	int rc;

	caller_enter(acting_for);
	rc = REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
	caller_leave(acting_for);
	return rc;
}

static int cf_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	if (REAL(f)->pMethods->iVersion < 3) {
		*p = NULL;
		return SQLITE_OK;
	}
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}

static int cf_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	if (REAL(f)->pMethods->iVersion < 3)
		return SQLITE_OK;
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods caller_methods = {
	3, cf_close, cf_read, cf_write, cf_truncate, cf_sync, cf_file_size, cf_lock, cf_unlock,
	cf_check_reserved_lock, cf_file_control, cf_sector_size, cf_device_characteristics,
	cf_shm_map, cf_shm_lock, cf_shm_barrier, cf_shm_unmap, cf_fetch, cf_unfetch,
};

static int cv_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		   int *out_flags)
{
	struct caller_file *cf = (struct caller_file *)f;
	int rc;

	(void)vfs;
	cf->real = (sqlite3_file *)(cf + 1);
	caller_enter(acting_for);
	rc = real_vfs->xOpen(real_vfs, name, cf->real, flags, out_flags);
	caller_leave(acting_for);
	/* SQLite closes a file whose pMethods is set, even after a failed open. */
	f->pMethods = cf->real->pMethods ? &caller_methods : NULL;
	return rc;
}

static int cv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	int rc;

	(void)vfs;
	caller_enter(acting_for);
	rc = real_vfs->xDelete(real_vfs, name, sync_dir);
	caller_leave(acting_for);
	return rc;
}

static int cv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	int rc;

	(void)vfs;
	caller_enter(acting_for);
	rc = real_vfs->xAccess(real_vfs, name, flags, out);
	caller_leave(acting_for);
	return rc;
}

/* Resolving the name follows symbolic links: as the caller would. */
static int cv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	int rc;

	(void)vfs;
	caller_enter(acting_for);
	rc = real_vfs->xFullPathname(real_vfs, name, n, out);
	caller_leave(acting_for);
	return rc;
}

int caller_vfs_register(struct caller *c)
{
	if (real_vfs)
		return SQLITE_OK;
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		return SQLITE_ERROR;
	acting_for = c;
	/* The default VFS's other methods ignore their vfs argument (unix). */
	caller_vfs = *real_vfs;
	caller_vfs.zName = CALLER_VFS_NAME;
	caller_vfs.pNext = NULL;
	caller_vfs.szOsFile = (int)sizeof(struct caller_file) + real_vfs->szOsFile;
	caller_vfs.xOpen = cv_open;
	caller_vfs.xDelete = cv_delete;
	caller_vfs.xAccess = cv_access;
	caller_vfs.xFullPathname = cv_full_pathname;
	return sqlite3_vfs_register(&caller_vfs, 0);
}
