import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unauthorized } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { clientInfo } from '../http/client-info';
import { ZodBody } from '../http/zod-body.pipe';
import { AccessTokenGuard } from './access-token.guard';
import { clearAuthCookies, REFRESH_COOKIE } from './auth-cookies';
import { CsrfProtection } from './csrf-protection';
import {
  loginBody,
  LoginBody,
  passwordResetBody,
  PasswordResetBody,
  passwordResetRequestBody,
  PasswordResetRequestBody,
  refreshBody,
  RefreshBody,
  resendBody,
  ResendBody,
  signUpBody,
  SignUpBody,
  verifyEmailBody,
  VerifyEmailBody,
} from './dto/auth.dto';
import { CurrentPrincipal, Principal } from './principal';
import { TokenResponse } from './token-response';
import { accepted, csrfAnswer, statusOnly, tokens } from './auth.schemas';
import { Api } from '../openapi/api.decorator';

/** The same answer for every sign-up and resend, whether or not the address is known. */
const CHECK_YOUR_EMAIL = {
  status: 'accepted',
  message: 'If the address can be used, a verification link is on its way to it.',
};

/** The same answer for every reset request, whether or not the address has an account. */
const CHECK_YOUR_EMAIL_FOR_RESET = {
  status: 'accepted',
  message: 'If an account uses this address, a link to reset its password is on its way to it.',
};

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
    private readonly csrf: CsrfProtection,
  ) {}

  @Post('signup')
  @HttpCode(202)
  @Api({
    summary: 'Sign up with email and password; a verification link is emailed',
    status: 202,
    body: signUpBody,
    ok: accepted,
    errors: ['auth.too_many_attempts', 'auth.busy'],
  })
  async signUp(@Body(new ZodBody(signUpBody)) body: SignUpBody, @Req() req: Request) {
    await this.rpc.request('auth.user.register', { ...body, ...clientInfo(req) });
    return CHECK_YOUR_EMAIL;
  }

  @Post('email/verify')
  @HttpCode(200)
  @Api({
    summary: 'Confirm an email address with the token from the link',
    status: 200,
    body: verifyEmailBody,
    ok: statusOnly('verified'),
    errors: ['auth.verification_invalid'],
  })
  async verifyEmail(@Body(new ZodBody(verifyEmailBody)) body: VerifyEmailBody) {
    await this.rpc.request('auth.email.verify', { token: body.token });
    return { status: 'verified' };
  }

  @Post('email/resend')
  @HttpCode(202)
  @Api({
    summary: 'Send the verification link again (rate-limited)',
    status: 202,
    body: resendBody,
    ok: accepted,
    errors: ['auth.too_many_attempts'],
  })
  async resend(@Body(new ZodBody(resendBody)) body: ResendBody, @Req() req: Request) {
    await this.rpc.request('auth.email.resend', { email: body.email, ip: clientInfo(req).ip });
    return CHECK_YOUR_EMAIL;
  }

  @Post('password/reset-request')
  @HttpCode(202)
  @Api({
    summary: 'Forgotten password: email a single-use reset link (same answer for any address)',
    status: 202,
    body: passwordResetRequestBody,
    ok: accepted,
    errors: ['auth.too_many_attempts'],
  })
  async requestPasswordReset(
    @Body(new ZodBody(passwordResetRequestBody)) body: PasswordResetRequestBody,
    @Req() req: Request,
  ) {
    await this.rpc.request('auth.password.reset_request', {
      email: body.email,
      ip: clientInfo(req).ip,
    });
    return CHECK_YOUR_EMAIL_FOR_RESET;
  }

  @Post('password/reset')
  @HttpCode(200)
  @Api({
    summary: 'Set a new password with the token from the reset link; every session ends',
    status: 200,
    body: passwordResetBody,
    ok: statusOnly('password_reset'),
    errors: ['auth.reset_token_invalid', 'auth.busy'],
  })
  async resetPassword(
    @Body(new ZodBody(passwordResetBody)) body: PasswordResetBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.rpc.request('auth.password.reset', {
      token: body.token,
      newPassword: body.password,
      ip: clientInfo(req).ip,
    });
    // Every session ended, this browser's included.
    clearAuthCookies(res);
    return { status: 'password_reset' };
  }

  @Post('login')
  @HttpCode(200)
  @Api({
    summary: 'Sign in; browsers get cookies, API clients (client: "api") get tokens',
    status: 200,
    body: loginBody,
    ok: tokens,
    errors: [
      'auth.invalid_credentials',
      'auth.email_not_verified',
      'auth.too_many_attempts',
      'auth.busy',
      'accounts.user_disabled',
      'auth.account_disabled',
    ],
  })
  async login(
    @Body(new ZodBody(loginBody)) body: LoginBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const pair = await this.rpc.request('auth.session.login', {
      email: body.email,
      password: body.password,
      ...clientInfo(req),
    });
    return this.tokens.send(pair, body.client, req, res);
  }

  @Post('token/refresh')
  @HttpCode(200)
  @Api({
    summary: 'Rotate the refresh token (cookie, or refreshToken in the body)',
    status: 200,
    body: refreshBody,
    ok: tokens,
    errors: ['auth.invalid_refresh_token', 'auth.refresh_token_reused', 'accounts.user_disabled'],
  })
  async refresh(
    @Body(new ZodBody(refreshBody)) body: RefreshBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const fromCookie: string | undefined = req.cookies?.[REFRESH_COOKIE];
    const refreshToken = body.refreshToken ?? fromCookie;
    if (!refreshToken)
      throw unauthorized('auth.invalid_refresh_token', 'No refresh token was sent.');
    try {
      const pair = await this.rpc.request('auth.session.refresh', {
        refreshToken,
        ...clientInfo(req),
      });
      return this.tokens.send(pair, body.refreshToken ? 'api' : 'browser', req, res);
    } catch (error) {
      if (!body.refreshToken) clearAuthCookies(res);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(AccessTokenGuard)
  @Api({ summary: 'End this session', status: 204 })
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.rpc.request(
      'auth.session.logout',
      { userId: principal.userId, sessionId: principal.sessionId },
      { accessToken: principal.accessToken },
    );
    clearAuthCookies(res);
  }

  @Get('csrf')
  @Api({
    summary: 'A CSRF token for cookie-authenticated unsafe requests (X-CSRF-Token)',
    status: 200,
    ok: csrfAnswer,
  })
  csrfToken(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { csrfToken: this.csrf.issue(req, res) };
  }
}
