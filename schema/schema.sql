-- SPDX-License-Identifier: GPL-2.0-or-later
-- kvmboot database schema: the contract between kvmboot-collect,
-- kvmboot-report and anyone with sqlite3. Documented in schema/README.md.
--
-- This file is embedded in the binaries. It is a list of numbered
-- migrations: a database at PRAGMA user_version = K gets every section
-- numbered above K, each in its own transaction, in order. A released
-- section is never edited: change the schema by appending a new one.
--
-- Units: every *_ns column is integer nanoseconds; times of a boot are
-- relative to the exec of the VMM (time zero), measured on CLOCK_MONOTONIC
-- (tracefs clock "mono"). Wall-clock times are ISO 8601 UTC text.

-- migration 1
PRAGMA application_id = 1803969135; -- 0x6b86626f, identifies a kvmboot database

-- One invocation of the collector: N boots of one VMM command.
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    started_at      TEXT    NOT NULL,   -- ISO 8601 UTC
    host            TEXT    NOT NULL,
    host_kernel     TEXT    NOT NULL,   -- uname -r and -v
    cpu_model       TEXT,
    kvmboot_version TEXT    NOT NULL,
    label           TEXT,
    vmm_command     TEXT    NOT NULL,   -- full command line, shell-quoted
    vmm_binary      TEXT    NOT NULL,   -- resolved path of argv[0]
    vmm_version     TEXT,               -- first line of `vmm --version`
    vmm_user        TEXT    NOT NULL,   -- user the VMM ran as
    point_table     TEXT    NOT NULL,   -- trace-point table (--table)
    trace_clock     TEXT    NOT NULL,
    runs_requested  INTEGER NOT NULL,
    warmup          INTEGER NOT NULL,
    timeout_ns      INTEGER NOT NULL
) STRICT;

-- -t KEY=VALUE: what nightly jobs filter on (commit, branch, config).
CREATE TABLE session_tags (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (session_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX session_tags_by_key ON session_tags(key, value);

-- One boot of the VMM.
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE,
    session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,   -- 1..N within the session
    status        TEXT    NOT NULL
                  CHECK (status IN ('ok', 'failed', 'timeout', 'lost_events')),
    status_detail TEXT,               -- why, when not ok
    started_at    TEXT    NOT NULL,   -- ISO 8601 UTC, when the VMM was launched
    exit_code     INTEGER,            -- exit status, when the VMM exited
    exit_signal   INTEGER,            -- signal number, when it was killed
    exec_mono_ns  INTEGER,            -- absolute CLOCK_MONOTONIC of time zero
    wall_ns       INTEGER NOT NULL,   -- launch to reap, seen by the collector
    lost_events   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, seq)
) STRICT;

-- Milestone names and their canonical order. Custom points are added by
-- the collector as it first sees them, after the built-in ones.
CREATE TABLE milestones (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    ord         INTEGER NOT NULL UNIQUE,
    builtin     INTEGER NOT NULL DEFAULT 0,
    description TEXT
) STRICT;
INSERT INTO milestones (name, ord, builtin, description) VALUES
    ('vmm_exec',            0, 1, 'the VMM was exec''d: time zero'),
    ('vmm_init_end',       10, 1, 'the VMM first ran a vCPU (first kvm_entry, else first KVM_RUN ioctl)'),
    ('fw_start',           20, 1, 'firmware started'),
    ('fw_do_boot',         30, 1, 'firmware init done, about to boot'),
    ('linux_start_fwcfg',  40, 1, 'qboot: jump to a multiboot kernel from fw_cfg'),
    ('linux_start_boot',   50, 1, 'jump to the bzImage setup code'),
    ('linux_start_pvhboot',60, 1, 'jump to a PVH kernel entry'),
    ('linux_start_kernel', 70, 1, 'first statement of start_kernel'),
    ('linux_start_user',   80, 1, 'the kernel is about to run init'),
    ('vmm_exit',      1000000, 1, 'the VMM main thread exited');

-- Every milestone of a boot, in time order: vmm_exec (always 0),
-- vmm_init_end, each trace point the guest wrote (a point written twice is
-- here twice), vmm_exit. The view run_points gives the names.
CREATE TABLE points (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,   -- order within the boot, from 1
    milestone_id INTEGER NOT NULL REFERENCES milestones(id),
    source       TEXT    NOT NULL    -- what gave the time:
                 CHECK (source IN ('exec', 'kvm_entry', 'kvm_run_ioctl', 'pio', 'exit')),
    port         INTEGER,            -- I/O port, for source 'pio'
    value        INTEGER,            -- value written, for source 'pio'
    time_ns      INTEGER NOT NULL,   -- since time zero
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

-- The points with their names.
CREATE VIEW run_points AS
SELECT p.run_id, p.seq, m.name, p.source, p.port, p.value, p.time_ns
FROM points p JOIN milestones m ON m.id = p.milestone_id;

-- One row per boot, the built-in milestones in columns (first hit, ns).
CREATE VIEW run_milestones AS
SELECT r.id AS run_id, r.uuid AS run_uuid, r.session_id, s.label, r.seq,
       r.status, r.started_at,
       MIN(CASE WHEN p.name = 'vmm_init_end'        THEN p.time_ns END) AS vmm_init_end_ns,
       MIN(CASE WHEN p.name = 'vmm_init_end'        THEN p.source  END) AS vmm_init_end_source,
       MIN(CASE WHEN p.name = 'fw_start'            THEN p.time_ns END) AS fw_start_ns,
       MIN(CASE WHEN p.name = 'fw_do_boot'          THEN p.time_ns END) AS fw_do_boot_ns,
       MIN(CASE WHEN p.name = 'linux_start_fwcfg'   THEN p.time_ns END) AS linux_start_fwcfg_ns,
       MIN(CASE WHEN p.name = 'linux_start_boot'    THEN p.time_ns END) AS linux_start_boot_ns,
       MIN(CASE WHEN p.name = 'linux_start_pvhboot' THEN p.time_ns END) AS linux_start_pvhboot_ns,
       MIN(CASE WHEN p.name = 'linux_start_kernel'  THEN p.time_ns END) AS linux_start_kernel_ns,
       MIN(CASE WHEN p.name = 'linux_start_user'    THEN p.time_ns END) AS linux_start_user_ns,
       MIN(CASE WHEN p.name = 'vmm_exit'            THEN p.time_ns END) AS vmm_exit_ns
FROM runs r
JOIN sessions s ON s.id = r.session_id
LEFT JOIN run_points p ON p.run_id = r.id
GROUP BY r.id;

-- One row per boot and phase: the time between consecutive milestones.
CREATE VIEW run_phases AS
SELECT run_id, seq AS phase_seq, from_name, name AS to_name,
       from_name || '..' || name AS phase,
       from_ns AS start_ns, time_ns AS end_ns, time_ns - from_ns AS duration_ns
FROM (SELECT run_id, seq, name, time_ns,
             LAG(name)    OVER w AS from_name,
             LAG(time_ns) OVER w AS from_ns
      FROM run_points
      WINDOW w AS (PARTITION BY run_id ORDER BY time_ns, seq))
WHERE from_name IS NOT NULL;

-- One row per session: its tags as text and how many boots went well.
CREATE VIEW session_overview AS
SELECT s.id AS session_id, s.uuid, s.started_at, s.label,
       (SELECT group_concat(key || '=' || value, ' ')
          FROM (SELECT key, value FROM session_tags t
                 WHERE t.session_id = s.id ORDER BY key)) AS tags,
       (SELECT count(*) FROM runs r WHERE r.session_id = s.id) AS boots,
       (SELECT count(*) FROM runs r
         WHERE r.session_id = s.id AND r.status = 'ok') AS boots_ok,
       s.host, s.vmm_binary, s.vmm_version
FROM sessions s;

-- migration 2
-- Milestones that need no patch: console text lines (port 0x402 debug
-- log, UART 0x3f8, 0xe9), MMIO writes (Firecracker's boot timer) and
-- uprobes on the VMM's own functions. points gains those sources and the
-- MMIO address; CHECK constraints cannot be altered, so points is rebuilt.
DROP VIEW run_phases;
DROP VIEW run_milestones;
DROP VIEW run_points;
CREATE TABLE points_v2 (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,   -- order within the boot, from 1
    milestone_id INTEGER NOT NULL REFERENCES milestones(id),
    source       TEXT    NOT NULL    -- what gave the time:
                 CHECK (source IN ('exec', 'kvm_entry', 'kvm_run_ioctl', 'pio', 'mmio',
                                   'console', 'uprobe', 'exit')),
    port         INTEGER,            -- I/O port: 'pio', and 'console' (the line's port)
    address      INTEGER,            -- guest physical address, for 'mmio'
    value        INTEGER,            -- value written, for 'pio' and 'mmio'
    time_ns      INTEGER NOT NULL,   -- since time zero
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO points_v2 (run_id, seq, milestone_id, source, port, value, time_ns)
    SELECT run_id, seq, milestone_id, source, port, value, time_ns FROM points;
DROP TABLE points;
ALTER TABLE points_v2 RENAME TO points;

-- What the guest wrote as text, one row per line, stamped with the time of
-- its first byte.
CREATE TABLE console_lines (
    run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,   -- order within the boot, from 1
    port    INTEGER NOT NULL,
    time_ns INTEGER NOT NULL,   -- since time zero, of the line's first byte
    text    TEXT    NOT NULL,
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

CREATE VIEW run_points AS
SELECT p.run_id, p.seq, m.name, p.source, p.port, p.address, p.value, p.time_ns
FROM points p JOIN milestones m ON m.id = p.milestone_id;

CREATE VIEW run_milestones AS
SELECT r.id AS run_id, r.uuid AS run_uuid, r.session_id, s.label, r.seq,
       r.status, r.started_at,
       MIN(CASE WHEN p.name = 'vmm_init_end'        THEN p.time_ns END) AS vmm_init_end_ns,
       MIN(CASE WHEN p.name = 'vmm_init_end'        THEN p.source  END) AS vmm_init_end_source,
       MIN(CASE WHEN p.name = 'fw_start'            THEN p.time_ns END) AS fw_start_ns,
       MIN(CASE WHEN p.name = 'fw_do_boot'          THEN p.time_ns END) AS fw_do_boot_ns,
       MIN(CASE WHEN p.name = 'linux_start_fwcfg'   THEN p.time_ns END) AS linux_start_fwcfg_ns,
       MIN(CASE WHEN p.name = 'linux_start_boot'    THEN p.time_ns END) AS linux_start_boot_ns,
       MIN(CASE WHEN p.name = 'linux_start_pvhboot' THEN p.time_ns END) AS linux_start_pvhboot_ns,
       MIN(CASE WHEN p.name = 'linux_start_kernel'  THEN p.time_ns END) AS linux_start_kernel_ns,
       MIN(CASE WHEN p.name = 'linux_start_user'    THEN p.time_ns END) AS linux_start_user_ns,
       MIN(CASE WHEN p.name = 'vmm_exit'            THEN p.time_ns END) AS vmm_exit_ns
FROM runs r
JOIN sessions s ON s.id = r.session_id
LEFT JOIN run_points p ON p.run_id = r.id
GROUP BY r.id;

CREATE VIEW run_phases AS
SELECT run_id, seq AS phase_seq, from_name, name AS to_name,
       from_name || '..' || name AS phase,
       from_ns AS start_ns, time_ns AS end_ns, time_ns - from_ns AS duration_ns
FROM (SELECT run_id, seq, name, time_ns,
             LAG(name)    OVER w AS from_name,
             LAG(time_ns) OVER w AS from_ns
      FROM run_points
      WINDOW w AS (PARTITION BY run_id ORDER BY time_ns, seq))
WHERE from_name IS NOT NULL;

-- migration 3
-- run_phases keeps each pair of consecutive milestones once per boot, at
-- its first occurrence, as kvmboot-report summary counts it (a point
-- written twice, such as SeaBIOS's banner, made the view count the same
-- phase twice while summary counted it once).
DROP VIEW run_phases;
CREATE VIEW run_phases AS
SELECT run_id, phase_seq, from_name, to_name, phase, start_ns, end_ns, duration_ns
FROM (SELECT run_id, seq AS phase_seq, from_name, name AS to_name,
             from_name || '..' || name AS phase,
             from_ns AS start_ns, time_ns AS end_ns, time_ns - from_ns AS duration_ns,
             row_number() OVER (PARTITION BY run_id, from_name, name
                                ORDER BY time_ns, seq) AS nth
      FROM (SELECT run_id, seq, name, time_ns,
                   LAG(name)    OVER w AS from_name,
                   LAG(time_ns) OVER w AS from_ns
            FROM run_points
            WINDOW w AS (PARTITION BY run_id ORDER BY time_ns, seq))
      WHERE from_name IS NOT NULL)
WHERE nth = 1;

-- migration 4
-- What a boot cost the host, and boot storms. The CPU time and peak RSS
-- are the kernel's accounting of the reaped VMM: its threads and the
-- children it waited for (NULL where not measured: older boots, imports,
-- --watch). Boots of a session with the same batch started together
-- (kvmboot-collect -j); NULL: one at a time.
ALTER TABLE runs ADD COLUMN cpu_user_ns INTEGER;
ALTER TABLE runs ADD COLUMN cpu_sys_ns INTEGER;
ALTER TABLE runs ADD COLUMN max_rss_kb INTEGER;
ALTER TABLE runs ADD COLUMN batch INTEGER;
