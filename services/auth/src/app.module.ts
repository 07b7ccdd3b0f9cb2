import { DynamicModule, Module } from '@nestjs/common';
import { platformModules } from '@strata/service';
import { AdminHandlers } from './admin/admin.handlers';
import { UserDisablingService } from './admin/user-disabling.service';
import { AUTH_CONFIG, AuthConfig } from './config';
import { AUTH_SCHEMA, PrismaService } from './database/prisma.service';
import { GoogleHandlers } from './google/google.handlers';
import { GoogleReauth } from './google/google-reauth';
import { GoogleSignInService } from './google/google-signin.service';
import { KeysHandlers } from './keys/keys.handlers';
import { SigningKeyVault } from './keys/signing-key-vault';
import { SigningKeysService } from './keys/signing-keys.service';
import { PasswordChangeService } from './passwords/password-change.service';
import { PasswordHandlers } from './passwords/password.handlers';
import { HashGate } from './passwords/hash-gate';
import { hashGateFor } from './passwords/hash-gate-config';
import { PasswordHasher } from './passwords/password-hasher';
import { RequestPasswordReset } from './passwords/request-password-reset';
import { ResetPassword } from './passwords/reset-password';
import { RegistrationHandlers } from './registration/registration.handlers';
import { RegistrationService } from './registration/registration.service';
import { SessionIssuer } from './sessions/session-issuer';
import { LoginRepository } from './sessions/login.repository';
import { SessionsHandlers } from './sessions/sessions.handlers';
import { SessionsService } from './sessions/sessions.service';
import { AttemptLimiter } from './throttling/attempt-limiter';
import { DeleteAccount } from './users/delete-account';
import { UsersHandlers } from './users/users.handlers';

@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        ...platformModules({
          service: 'auth',
          config,
          database: { schema: AUTH_SCHEMA, url: config.DATABASE_URL, client: PrismaService },
        }),
      ],
      controllers: [
        AdminHandlers,
        RegistrationHandlers,
        SessionsHandlers,
        PasswordHandlers,
        UsersHandlers,
        KeysHandlers,
        GoogleHandlers,
      ],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        PrismaService,
        { provide: HashGate, useValue: hashGateFor(config) },
        PasswordHasher,
        AttemptLimiter,
        SigningKeyVault,
        SigningKeysService,
        SessionIssuer,
        LoginRepository,
        SessionsService,
        PasswordChangeService,
        RequestPasswordReset,
        ResetPassword,
        DeleteAccount,
        RegistrationService,
        UserDisablingService,
        GoogleSignInService,
        GoogleReauth,
      ],
      exports: [PrismaService],
    };
  }
}
