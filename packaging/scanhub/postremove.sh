#!/bin/sh
# scanhub postrm: remove keeps the database and certificate in
# /var/lib/scanhub (reinstalling picks them up); purge deletes them.
set -e
case "$1" in
purge)
	rm -rf "${DPKG_ROOT:-}/var/lib/scanhub" "${DPKG_ROOT:-}/var/lib/private/scanhub"
	;;
esac
if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
exit 0
