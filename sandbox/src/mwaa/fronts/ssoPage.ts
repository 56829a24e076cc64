/**
 * The page behind `/aws_mwaa/aws-console-sso?login=true#<token>`: like MWAA's, its script takes the
 * token from the URL fragment (never sent to servers or logs), posts it, and the login redirects
 * to the Airflow UI.
 */
export function ssoPage(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Amazon MWAA (sandbox) sign-in</title></head>
<body>
<p id="status">Signing in to Apache Airflow…</p>
<form id="login" method="POST" action="/aws_mwaa/aws-console-sso"><input type="hidden" name="token" id="token"></form>
<script>
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (!token) {
    document.getElementById('status').textContent = 'No login token in the URL fragment. Create one with CreateWebLoginToken.';
  } else {
    history.replaceState(null, '', location.pathname);
    document.getElementById('token').value = token;
    document.getElementById('login').submit();
  }
</script>
</body></html>
`;
}
