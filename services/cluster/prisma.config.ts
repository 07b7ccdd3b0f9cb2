import { servicePrismaConfig } from '../../libs/database/prisma-service-config';

export default servicePrismaConfig(__dirname, 'cluster');
