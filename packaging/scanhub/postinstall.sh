#!/bin/sh
# scanhub postinst: create the service user, then start (new install) or
# restart (upgrade) the service. An upgrade keeps /var/lib/scanhub; the
# restarted hub migrates its database once, on opening it.
set -e

case "$1" in
configure)
	if ! getent passwd scanhub >/dev/null; then
		if command -v systemd-sysusers >/dev/null 2>&1; then
			systemd-sysusers scanhub.conf
		else
			useradd --system --user-group --home-dir /var/lib/scanhub --no-create-home \
				--shell /usr/sbin/nologin --comment "scanhub sync server" scanhub
		fi
	fi
	# Only on a running systemd, and not when installing into another root.
	if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
		systemctl daemon-reload
		systemctl enable scanhub.service >/dev/null
		if [ -n "$2" ]; then
			systemctl try-restart scanhub.service
		else
			systemctl start scanhub.service || echo "scanhub: the service did not start; see journalctl -u scanhub" >&2
		fi
	fi
	;;
esac
exit 0
