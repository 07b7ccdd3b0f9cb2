import { toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { file_buf_validate_validate as runtimeFile } from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';
import { file_buf_validate_validate as vendoredFile } from './gen/buf/validate/validate_pb';

describe('vendor/buf/validate/validate.proto', () => {
  it('matches the schema embedded in the installed @bufbuild/protovalidate runtime', () => {
    // If this fails after upgrading @bufbuild/protovalidate: `npm run vendor:protovalidate -w proto`.
    expect(Buffer.from(toBinary(FileDescriptorProtoSchema, vendoredFile.proto))).toEqual(
      Buffer.from(toBinary(FileDescriptorProtoSchema, runtimeFile.proto)),
    );
  });
});
