#!/bin/sh
# scanterm postrm: remove keeps /var/lib/scanterm (the terminal's database,
# with any events not yet on the hub, and its enrolment); purge deletes it.
set -e
case "$1" in
purge)
	rm -rf "${DPKG_ROOT:-}/var/lib/scanterm" "${DPKG_ROOT:-}/var/lib/private/scanterm"
	;;
esac
if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
if [ -z "${DPKG_ROOT:-}" ] && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
	udevadm control --reload || true
fi
exit 0
