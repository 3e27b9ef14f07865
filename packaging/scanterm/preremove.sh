#!/bin/sh
# scanterm prerm: stop the kiosk, stations and sync before the binary goes.
set -e
if [ "$1" = remove ] && [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
	systemctl disable --now scanterm-kiosk.service scanterm-sync.service >/dev/null 2>&1 || true
	systemctl stop 'scanterm-station@*.service' || true
fi
exit 0
