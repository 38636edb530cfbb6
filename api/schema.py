"""Post-processing of the OpenAPI schema that drf-spectacular writes."""


def allow_empty_query_values(result, generator, request, public):
    """Schema post-processing: an empty single-valued query parameter (``kind=``)
    means “any”, as the HTML form sends it; say so in the schema, so that clients
    and the contract test know. (Repeatable parameters refuse an empty value.)"""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                is_list = parameter.get("schema", {}).get("type") == "array"
                if parameter.get("in") == "query" and not is_list:
                    parameter["allowEmptyValue"] = True
    return result
