#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for `make test STORE=pg`: initdb and pg_ctl in a temporary
folder, listening on a Unix socket there only (no TCP), trust authentication. As root the
server runs as the `postgres` OS user (PostgreSQL refuses root); the role named after the
user running the tests is a superuser, so tock's identity (current_user) is that login.

    pgcluster.py run -- COMMAND...   start, run COMMAND with TOCK_TEST_PG=<socket folder>,
                                     stop and remove the cluster; exits with COMMAND's code
"""
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        sys.exit(f"pgcluster: {name} not found (Debian: apt install postgresql)")
    return path


def as_server(cmd):
    """cmd as the OS user that owns the cluster (postgres when we are root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start(tls=None):
    """A new cluster in a temporary folder; returns the folder (its socket's host).

    tls=(cert, key, port): TLS with that certificate and key (copied in, owned by the server),
    listening on 127.0.0.1:port too, where only TLS connections are taken (test_pg_tls.py)."""
    base = tempfile.mkdtemp(prefix="tock-pg-")
    os.chmod(base, 0o755)
    data = os.path.join(base, "data")
    owner = None
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        owner = (pw.pw_uid, pw.pw_gid)
        os.chown(base, *owner)
    subprocess.run(as_server([pg_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL)
    # Durability is not what is tested: no fsync makes CREATE DATABASE per test cheap.
    opts = (f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200")
    if tls:
        cert, key, port = tls
        for src, name in ((cert, "server.crt"), (key, "server.key")):
            dst = os.path.join(base, name)
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o600)
            if owner:
                os.chown(dst, *owner)
        with open(os.path.join(data, "pg_hba.conf"), "w") as hba:
            hba.write("local all all trust\nhostssl all all 127.0.0.1/32 trust\n")
        opts = (f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c ssl=on "
                f"-c ssl_cert_file={base}/server.crt -c ssl_key_file={base}/server.key "
                "-c fsync=off")
    subprocess.run(as_server([pg_bin("pg_ctl"), "-D", data, "-o", opts, "-l",
                              os.path.join(base, "server.log"), "-w", "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    me = pwd.getpwuid(os.geteuid()).pw_name
    if me != "postgres":
        psql(base, f'CREATE ROLE "{me}" SUPERUSER LOGIN', port=tls[2] if tls else None)
    return base


def stop(base):
    subprocess.run(as_server([pg_bin("pg_ctl"), "-D", os.path.join(base, "data"), "-m",
                              "immediate", "-w", "stop"]), stdout=subprocess.DEVNULL)
    shutil.rmtree(base, ignore_errors=True)


def psql(host, sql, db="postgres", port=None):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", "postgres",
                    "-d", db, "-c", sql, *(["-p", str(port)] if port else [])],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    if len(sys.argv) < 3 or sys.argv[1] != "run" or sys.argv[2] != "--":
        sys.exit(__doc__)
    base = start()
    try:
        env = dict(os.environ, TOCK_TEST_PG=base)
        rc = subprocess.run(sys.argv[3:], env=env).returncode
    finally:
        stop(base)
    sys.exit(rc)


if __name__ == "__main__":
    main()
