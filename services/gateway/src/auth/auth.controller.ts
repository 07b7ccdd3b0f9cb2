import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unauthorized } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { clientInfo } from '../http/client-info';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';
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
  @ApiOperation({ summary: 'Sign up with email and password; a verification link is emailed' })
  @ApiBody({ schema: jsonSchema(signUpBody) })
  async signUp(@Body(new ZodBody(signUpBody)) body: SignUpBody, @Req() req: Request) {
    await this.rpc.request('auth.user.register', { ...body, ...clientInfo(req) });
    return CHECK_YOUR_EMAIL;
  }

  @Post('email/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an email address with the token from the link' })
  @ApiBody({ schema: jsonSchema(verifyEmailBody) })
  async verifyEmail(@Body(new ZodBody(verifyEmailBody)) body: VerifyEmailBody) {
    await this.rpc.request('auth.email.verify', { token: body.token });
    return { status: 'verified' };
  }

  @Post('email/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the verification link again (rate-limited)' })
  @ApiBody({ schema: jsonSchema(resendBody) })
  async resend(@Body(new ZodBody(resendBody)) body: ResendBody, @Req() req: Request) {
    await this.rpc.request('auth.email.resend', { email: body.email, ip: clientInfo(req).ip });
    return CHECK_YOUR_EMAIL;
  }

  @Post('password/reset-request')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgotten password: email a single-use reset link (same answer for any address)',
  })
  @ApiBody({ schema: jsonSchema(passwordResetRequestBody) })
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
  @ApiOperation({
    summary: 'Set a new password with the token from the reset link; every session ends',
  })
  @ApiBody({ schema: jsonSchema(passwordResetBody) })
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
  @ApiOperation({
    summary: 'Sign in; browsers get cookies, API clients (client: "api") get tokens',
  })
  @ApiBody({ schema: jsonSchema(loginBody) })
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
  @ApiOperation({ summary: 'Rotate the refresh token (cookie, or refreshToken in the body)' })
  @ApiBody({ schema: jsonSchema(refreshBody) })
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
  @ApiOperation({ summary: 'End this session' })
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
  @ApiOperation({ summary: 'A CSRF token for cookie-authenticated unsafe requests (X-CSRF-Token)' })
  csrfToken(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { csrfToken: this.csrf.issue(req, res) };
  }
}
