import { Type } from '@sinclair/typebox';
import { Body, DateTime } from '../http/schemas.ts';

export const Mode = Type.Union([Type.Literal('test'), Type.Literal('live')]);

export const SignInBody = Body({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String() }),
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  csrfToken: Type.String({ description: 'Send as x-csrf-token on every state-changing request.' }),
});

export const ApiKeySummary = Type.Object({
  id: Type.String(),
  mode: Mode,
  masked: Type.String(),
  revealable: Type.Boolean({ description: 'False for keys made without a sealed copy: rotate to get one.' }),
  createdAt: DateTime,
});

export const ApiKeyList = Type.Object({ data: Type.Array(ApiKeySummary) });

export const RevealedKey = Type.Object({ id: Type.String(), mode: Mode, key: Type.String() });

export const RotateBody = Body({ mode: Mode });

export const KeyParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const TemplatePreviewBody = Body({
  html: Type.String({ maxLength: 2_000_000 }),
  mergeVariables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const TemplatePreview = Type.Object({ html: Type.String() });
