// ProConnect in miniature for the tests: oidc-provider (a certified OpenID Provider) configured as
// ProConnect behaves towards a service: authorization code with state and nonce, ID token signed
// RS256, userinfo as a signed JWT (application/jwt), RP-initiated logout with id_token_hint.
//
// Environment:
//   PORT                 port to listen on (127.0.0.1)
//   FOURNISSEUR_CLIENTS  JSON list of clients: client_id, client_secret, redirect_uris,
//                        post_logout_redirect_uris, and for the tests' attacks:
//                        duree_id_token (seconds an ID token lives, default 60),
//                        delai_jeton (seconds the token endpoint waits before answering: the
//                        token reaches the service late, as over a slow network),
//                        jeton_pour (client_id: the ID token handed out is one the provider issued
//                        to that other client, as an attacker who swapped tokens would)
//
// The login page (/interaction/<uid>) asks for the identity to sign in as: sub, email,
// given_name, usual_name, siret, uid. An identity is remembered by its sub, so signing in again
// with the same sub and another email is "the same person whose address changed".
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';

import { decodeJwt } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 9090);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.FOURNISSEUR_CLIENTS || '[]');
const parClient = Object.fromEntries(clients.map((client) => [client.client_id, client]));

const comptes = new Map();

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const cle = { ...privateKey.export({ format: 'jwk' }), kid: 'fournisseur-de-test', use: 'sig', alg: 'RS256' };

const echapper = (texte) => String(texte ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const configuration = {
  clients: clients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris || [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
  })),
  jwks: { keys: [cle] },
  cookies: { keys: ['cle-des-cookies-du-fournisseur-de-test'] },
  // ProConnect's scopes are its claims' names.
  claims: {
    openid: ['sub'],
    email: ['email'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    siret: ['siret'],
    uid: ['uid'],
  },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // ProConnect signs out without asking: the confirmation form submits itself.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Déconnexion</title></head><body><h1>Déconnexion du fournisseur de test</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter</button>
<script>document.forms[0].requestSubmit(document.querySelector('button[name=logout]'));</script>
</body></html>`;
      },
    },
  },
  // ProConnect refuses any parameter it does not know: the service sends no PKCE.
  pkce: { required: () => false },
  ttl: {
    IdToken: (ctx, token, client) => parClient[client.clientId]?.duree_id_token || 60,
    AccessToken: 60,
    AuthorizationCode: 30,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // No consent screen: ProConnect does not ask one, everything the service asks is granted.
  async loadExistingGrant(ctx) {
    const existant = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existant) return ctx.oidc.provider.Grant.find(existant);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const identite = comptes.get(sub);
    if (!identite) return undefined;
    return { accountId: sub, claims: async () => ({ ...identite, sub }) };
  },
};

const provider = new Provider(issuer, configuration);

const attendre = (secondes) => new Promise((fin) => { setTimeout(fin, secondes * 1000); });

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const { aud, sub, nonce } = decodeJwt(ctx.body.id_token);
  const reglage = parClient[Array.isArray(aud) ? aud[0] : aud] || {};
  if (reglage.jeton_pour) {
    const autre = await provider.Client.find(reglage.jeton_pour);
    const jeton = new provider.IdToken({ sub }, { ctx, client: autre });
    jeton.scope = 'openid';
    jeton.set('nonce', nonce);
    ctx.body.id_token = await jeton.issue({ use: 'idtoken' });
  }
  if (reglage.delai_jeton) await attendre(reglage.delai_jeton);
});

function pageDeConnexion(uid, details) {
  const params = details.params || {};
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Connexion au fournisseur de test</title></head><body>
<h1>Fournisseur d'identité de test</h1>
<p>Service : ${echapper(params.client_id)}</p>
<form method="post" action="/interaction/${echapper(uid)}/login">
<label for="sub">Identifiant (sub)</label><input id="sub" name="sub" required>
<label for="email">Adresse électronique</label><input id="email" name="email" required>
<label for="given_name">Prénom</label><input id="given_name" name="given_name">
<label for="usual_name">Nom</label><input id="usual_name" name="usual_name">
<label for="siret">SIRET</label><input id="siret" name="siret">
<label for="uid">uid</label><input id="uid" name="uid">
<button type="submit">Se connecter</button>
</form></body></html>`;
}

async function lireFormulaire(req) {
  let corps = '';
  for await (const morceau of req) corps += morceau;
  return Object.fromEntries(new URLSearchParams(corps));
}

const application = provider.callback();

const serveur = createServer(async (req, res) => {
  const chemin = new URL(req.url, issuer).pathname;
  const trouve = chemin.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!trouve) {
    application(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(pageDeConnexion(details.uid, details));
      return;
    }
    const { sub, ...claims } = await lireFormulaire(req);
    comptes.set(sub, claims);
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, {
      mergeWithLastSubmission: false,
    });
  } catch (erreur) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Interaction impossible : ${erreur.message}`);
  }
});

serveur.listen(port, '127.0.0.1', () => {
  process.stdout.write(`Fournisseur OpenID de test : ${issuer}\n`);
});

const arreter = () => { serveur.close(() => process.exit(0)); setTimeout(() => process.exit(0), 500); };
process.on('SIGTERM', arreter);
process.on('SIGINT', arreter);
