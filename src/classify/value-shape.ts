/**
 * Scalars that are settings whatever their key is called: booleans, numbers and ports, durations,
 * IP addresses and CIDRs, plugin coordinates (`credentials-binding:1.23`), empty flow collections,
 * and a `user:` with an empty password. `webhook: 9292` is a port, `masterKeyIps: "0.0.0.0/0"` a range.
 */
export function isNotAValue(value: string): boolean {
  const v = value.trim();
  return (
    /^(?:true|false|yes|no|on|off|null|~)$/i.test(v) ||
    /^[-+]?\d{1,19}(?:\.\d{1,19})?$/.test(v) ||
    /^\d{1,9}(?:ns|us|ms|s|m|h|d)$/.test(v) ||
    isIpOrCidr(v) ||
    (/^[a-z][a-z0-9-]{0,80}:[0-9][0-9.]{0,40}$/.test(v) && !v.includes('..')) ||
    /^(?:\[\s*\]|\{\s*\})$/.test(v) ||
    /^[A-Za-z0-9._@-]{1,64}:$/.test(v) ||
    // A regular expression that finds credentials (`AWS_SECRET_KEY=(?i).*aws_secret…`).
    /\(\?(?:[imsx]{1,4}\)|<?[!=])/.test(v)
  );
}

/** `10.0.0.1`, `0.0.0.0/0`. */
function isIpOrCidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  if (rest.length > 0 || (bits !== undefined && !/^[0-9]{1,2}$/.test(bits))) return false;
  const octets = (ip ?? '').split('.');
  return octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o));
}
