import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GoogleController } from './google.controller';
import { GoogleOAuth } from './google-oauth';

@Module({
  imports: [AuthModule],
  controllers: [GoogleController],
  providers: [GoogleOAuth],
})
export class GoogleModule {}
